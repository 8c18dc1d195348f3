def login(user: str, password: str) -> bool:
    password = get_password()
    payload = {"password": password}
def connect(password=None, token=None):
    API_KEY = os.environ.get("API_KEY")
    secret = os.getenv('CLIENT_SECRET', '')
    token = self.token_provider.current
    token = tokens[0]
from huggingface_hub import hf_hub_download
max_tokens = 4096
