"""Dependencies shared by the routers (``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

import neo4j
from fastapi import Depends, Request

from graph.repository import GraphReader, GraphWriter


def get_driver(request: Request) -> neo4j.Driver:
    return request.app.state.driver


def get_reader(request: Request) -> GraphReader:
    return GraphReader(request.app.state.driver, database=request.app.state.database)


def get_writer(request: Request) -> GraphWriter:
    return GraphWriter(request.app.state.driver, database=request.app.state.database)


Driver = Annotated[neo4j.Driver, Depends(get_driver)]
Reader = Annotated[GraphReader, Depends(get_reader)]
Writer = Annotated[GraphWriter, Depends(get_writer)]
