package main

import "errors"

type runCmd struct{}

func (c *runCmd) Run(g *globals) error { return errors.New("run: not implemented yet") }
