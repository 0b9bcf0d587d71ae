"""Web UI: `python app.py [--host H] [--port P] [--corpus DIR] [--index DIR]` (see assistant/serve/web/server.py)."""

from assistant.serve.web.server import main

if __name__ == "__main__":
    main()
