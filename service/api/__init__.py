"""The HTTP layer: thin views, marshmallow schemas and problem+json errors around the extraction core."""

from __future__ import annotations
