package main

import "errors"

type streamsCmd struct{}

func (c *streamsCmd) Run(g *globals) error { return errors.New("streams: not implemented yet") }
