package main

import "errors"

type publishCmd struct{}

func (c *publishCmd) Run(g *globals) error { return errors.New("publish: not implemented yet") }
