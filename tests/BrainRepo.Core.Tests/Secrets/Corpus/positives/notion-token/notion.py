notion = Client(auth="nt<<!>>n_XAUdAh5ffq8j61DH8ycSDBEZvk5RntKAfBKIT3ftVemOxE")
LEGACY = "sec<<!>>ret_v966OUFa4UnGfySAwlz8a9kLV38FoWHT2V4xV3ftlFc"
