"""The verbs: build (processes, site engine, assembling site/), serve's preview, host limits."""
