Stripe.api_key = 'sk_l<<!>>ive_yDkazit3pAcywJbTNjK4QBuE'
PUBLISHABLE = 'pk_t<<!>>est_c3QNHZ5GonlmHD5yfr4fZ3rw'
