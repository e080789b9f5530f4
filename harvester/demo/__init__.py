"""The demo portal: local sites imitating the Guangdong portals, for the demo command and the tests."""
