"""The explorer: a JSON API and Persian web pages over a Rasad store (``rasad serve``).

Needs the ``web`` extra (``pip install 'rasad[web]'``): FastAPI, Uvicorn, Jinja2.
Build the app with ``rasad.web.app.create_app(db)``; importing this package alone needs no extra.
"""
