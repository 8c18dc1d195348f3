export FIGMA=fi<<!>>gd_cTv5Ct1B6Fj3O-3ohBse54bywcSay-LLFagz46i4
