"""The provincial online approval and supervision platform (投资项目在线审批监管平台) adapter."""
