doctl auth init -t dop<<!>>_v1_d3debe2c3c95037bbcb6698fa3e43f073ef742c16ee7fea98e317a19f8f00a87
