"""The financing needs list (融资需求清单): what financing each project seeks for a year."""
