const token = process.env.TOKEN;
const apiKey = config.apiKey;
const passwordField = document.getElementById('password');
// sk_live_ keys are only used in production
