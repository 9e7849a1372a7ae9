package main

import "errors"

type serveCmd struct{}

func (c *serveCmd) Run(g *globals) error { return errors.New("serve: not implemented yet") }
