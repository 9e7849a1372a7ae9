package main

import "errors"

type sourcesCmd struct{}

func (c *sourcesCmd) Run(g *globals) error { return errors.New("sources: not implemented yet") }
