package main

import "errors"

type scrapeCmd struct{}

func (c *scrapeCmd) Run(g *globals) error { return errors.New("scrape: not implemented yet") }
