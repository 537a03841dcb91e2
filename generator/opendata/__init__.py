"""Press and open data: the static JSON API, CSV and xlsx, Atom feeds, press kits."""
