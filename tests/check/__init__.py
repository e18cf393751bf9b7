"""`gongkai check` tests: small content trees with one broken file each."""
