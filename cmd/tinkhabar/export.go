package main

import "errors"

type exportCmd struct{}

func (c *exportCmd) Run(g *globals) error { return errors.New("export: not implemented yet") }
