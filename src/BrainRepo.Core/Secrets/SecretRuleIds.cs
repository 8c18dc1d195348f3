namespace BrainRepo.Core.Secrets;

/// <summary>The stable identifiers of the built-in rules. They appear in reports, fingerprints and redaction markers.</summary>
public static class SecretRuleIds
{
    public const string AwsAccessKeyId = "aws-access-key-id";
    public const string AwsSecretAccessKey = "aws-secret-access-key";
    public const string GcpServiceAccount = "gcp-service-account";
    public const string GcpApiKey = "gcp-api-key";
    public const string AzureStorageKey = "azure-storage-key";
    public const string DigitalOceanToken = "digitalocean-token";
    public const string HerokuApiKey = "heroku-api-key";
    public const string GitHubToken = "github-token";
    public const string GitHubFineGrainedPat = "github-fine-grained-pat";
    public const string GitLabToken = "gitlab-token";
    public const string OpenAiApiKey = "openai-api-key";
    public const string AnthropicApiKey = "anthropic-api-key";
    public const string HuggingFaceToken = "huggingface-token";
    public const string ReplicateToken = "replicate-token";
    public const string GroqApiKey = "groq-api-key";
    public const string StripeKey = "stripe-key";
    public const string SlackToken = "slack-token";
    public const string SlackWebhook = "slack-webhook";
    public const string DiscordBotToken = "discord-bot-token";
    public const string DiscordWebhook = "discord-webhook";
    public const string TelegramBotToken = "telegram-bot-token";
    public const string TwilioApiKey = "twilio-api-key";
    public const string SendGridApiKey = "sendgrid-api-key";
    public const string NpmToken = "npm-token";
    public const string PyPiToken = "pypi-token";
    public const string LinearApiKey = "linear-api-key";
    public const string FigmaToken = "figma-token";
    public const string NotionToken = "notion-token";
    public const string SupabaseKey = "supabase-key";
    public const string GoogleOAuthClientSecret = "google-oauth-client-secret";
    public const string FacebookAccessToken = "facebook-access-token";
    public const string Jwt = "jwt";
    public const string PrivateKey = "private-key";
    public const string FernetKey = "fernet-key";
    public const string UrlCredentials = "url-credentials";
    public const string GenericSecret = "generic-secret";

    /// <summary>Every built-in rule id, in priority order (earlier rules win when two matches overlap).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        GcpServiceAccount, PrivateKey, AwsAccessKeyId, AwsSecretAccessKey, GcpApiKey, AzureStorageKey,
        DigitalOceanToken, HerokuApiKey, GitHubFineGrainedPat, GitHubToken, GitLabToken, AnthropicApiKey,
        OpenAiApiKey, HuggingFaceToken, ReplicateToken, GroqApiKey, StripeKey, SlackWebhook, SlackToken,
        DiscordWebhook, DiscordBotToken, TelegramBotToken, TwilioApiKey, SendGridApiKey, NpmToken, PyPiToken,
        LinearApiKey, FigmaToken, NotionToken, SupabaseKey, GoogleOAuthClientSecret, FacebookAccessToken,
        Jwt, FernetKey, UrlCredentials, GenericSecret,
    ];
}
