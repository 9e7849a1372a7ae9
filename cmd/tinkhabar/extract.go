package main

import "errors"

type extractCmd struct{}

func (c *extractCmd) Run(g *globals) error { return errors.New("extract: not implemented yet") }
