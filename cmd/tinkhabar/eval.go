package main

import "errors"

type evalCmd struct{}

func (c *evalCmd) Run(g *globals) error { return errors.New("eval: not implemented yet") }
