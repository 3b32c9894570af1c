"""One module per subcommand: ``intentd <name>`` runs ``intentd.commands.<name>.run(args)``."""
