"""The one place that walks an OpenAPI document: pointers, ``$ref`` targets, where things sit."""
