"""Reference data shipped with the generator: administrative units, award taxonomy and names."""
