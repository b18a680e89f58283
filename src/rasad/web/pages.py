"""Server-rendered Persian (RTL) web pages."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
