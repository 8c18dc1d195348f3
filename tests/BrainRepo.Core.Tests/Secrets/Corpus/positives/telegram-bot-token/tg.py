bot = Bot("9258125426:AA<<!>>WXps-XISv5jTXboheF1jSaqV-fxXOygIR")
