"""The domain: rules that the GUI, the command line and the tests share. Qt-free."""
