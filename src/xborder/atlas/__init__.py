"""The atlas: trade agreements clause by clause, regimes side by side, and the network of
countries and mechanisms. Every function reads the knowledge base; none holds a fact."""
