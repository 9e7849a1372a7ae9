package main

import "errors"

type tailCmd struct{}

func (c *tailCmd) Run(g *globals) error { return errors.New("tail: not implemented yet") }
