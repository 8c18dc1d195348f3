using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class ProviderRuleTests
{
    /// <summary>Rule, file path, content template ({0} = secret), secret.</summary>
    public static TheoryData<string, string, string, string> Positives() => new()
    {
        { SecretRuleIds.AwsAccessKeyId, "infra/main.tf", "access_key = \"{0}\"\n", AwsAccessKeyId() },
        { SecretRuleIds.AwsSecretAccessKey, ".aws/credentials", "[default]\naws_secret_access_key = {0}\n", AwsSecret() },
        { SecretRuleIds.GcpApiKey, "web/config.js", "const firebase = { apiKey: \"{0}\" };\n", GcpApiKey() },
        { SecretRuleIds.AzureStorageKey, "app.config", "<add value=\"DefaultEndpointsProtocol=https;AccountName=demo;AccountKey={0};EndpointSuffix=core.windows.net\"/>\n", AzureKey() },
        { SecretRuleIds.AzureStorageKey, "deploy.yaml", "azure_storage_key: {0}\n", AzureKey(2) },
        { SecretRuleIds.DigitalOceanToken, "do.sh", "doctl auth init -t {0}\n", DigitalOcean() },
        { SecretRuleIds.HerokuApiKey, ".netrc.sh", "HEROKU_API_KEY={0}\n", Heroku() },
        { SecretRuleIds.HerokuApiKey, "notes.md", "new token: {0}\n", HerokuNew() },
        { SecretRuleIds.GitHubToken, "config/app.toml", "[github]\ntoken = \"{0}\"\n", GitHub() },
        { SecretRuleIds.GitHubToken, "ci.js", "const t = '{0}';\n", GitHub("s", 3) },
        { SecretRuleIds.GitHubToken, "scripts/run", "#!/bin/sh\ncurl -H 'Authorization: token {0}' api\n", GitHub("o", 4) },
        { SecretRuleIds.GitHubFineGrainedPat, "Settings.cs", "var pat = \"{0}\";\n", GitHubFineGrained() },
        { SecretRuleIds.GitLabToken, "app.properties", "gitlab.token={0}\n", GitLab() },
        { SecretRuleIds.OpenAiApiKey, "bot.py", "client = OpenAI(api_key=\"{0}\")\n", OpenAiLegacy() },
        { SecretRuleIds.OpenAiApiKey, "nb.ipynb", "{\"cells\":[{\"source\":[\"key = '{0}'\"]}]}\n", OpenAiProject() },
        { SecretRuleIds.AnthropicApiKey, ".env", "ANTHROPIC_API_KEY={0}\n", Anthropic() },
        { SecretRuleIds.HuggingFaceToken, "train.py", "login(\"{0}\")\n", HuggingFace() },
        { SecretRuleIds.ReplicateToken, "run.ts", "const r = new Replicate({ auth: \"{0}\" });\n", Replicate() },
        { SecretRuleIds.GroqApiKey, "llm.yaml", "groq:\n  key: {0}\n", Groq() },
        { SecretRuleIds.StripeKey, "pay.rb", "Stripe.api_key = '{0}'\n", Stripe() },
        { SecretRuleIds.StripeKey, "pay.js", "loadStripe('{0}')\n", Stripe("pk_test_", 2) },
        { SecretRuleIds.StripeKey, "pay.env", "RESTRICTED={0}\n", Stripe("rk_live_", 3) },
        { SecretRuleIds.SlackToken, "slack.json", "{\"bot\": \"{0}\"}\n", SlackBot() },
        { SecretRuleIds.SlackWebhook, "alerts.yml", "url: {0}\n", SlackWebhook() },
        { SecretRuleIds.DiscordBotToken, "bot.py", "client.run('{0}')\n", DiscordBot() },
        { SecretRuleIds.DiscordWebhook, "hook.txt", "{0}\n", DiscordWebhook() },
        { SecretRuleIds.TelegramBotToken, "tg.py", "bot = Bot(\"{0}\")\n", Telegram() },
        { SecretRuleIds.TwilioApiKey, "sms.xml", "<apiKey>{0}</apiKey>\n", Twilio() },
        { SecretRuleIds.SendGridApiKey, "mail.php", "$sg = new SendGrid('{0}');\n", SendGrid() },
        { SecretRuleIds.NpmToken, ".npmrc", "//registry.npmjs.org/:_authToken={0}\n", Npm() },
        { SecretRuleIds.PyPiToken, ".pypirc", "[pypi]\nusername = __token__\npassword = {0}\n", PyPi() },
        { SecretRuleIds.LinearApiKey, "linear.ts", "headers: { Authorization: \"{0}\" }\n", Linear() },
        { SecretRuleIds.FigmaToken, "figma.sh", "export FIGMA={0}\n", Figma() },
        { SecretRuleIds.NotionToken, "notion.py", "notion = Client(auth=\"{0}\")\n", NotionNtn() },
        { SecretRuleIds.NotionToken, "notion2.py", "NOTION = \"{0}\"\n", NotionSecret() },
        { SecretRuleIds.SupabaseKey, "supa.sh", "supabase login --token {0}\n", SupabaseSbp() },
        { SecretRuleIds.SupabaseKey, "supa.env", "SB={0}\n", SupabaseSecret() },
        { SecretRuleIds.GoogleOAuthClientSecret, "client.json", "{\"web\":{\"client_id\":\"x.apps.googleusercontent.com\",\"cs\":\"{0}\"}}\n", GoogleOAuth() },
        { SecretRuleIds.FacebookAccessToken, "fb.py", "params = {\"access_token\": \"{0}\"}\n", Facebook() },
        { SecretRuleIds.FacebookAccessToken, "fb.sh", "curl -H \"Authorization: Bearer {0}\"\n", Facebook(2) },
        { SecretRuleIds.Jwt, "http/req.http", "Authorization: Bearer {0}\n", Jwt() },
        { SecretRuleIds.FernetKey, "crypto.py", "f = Fernet(b\"{0}\")\n", Fernet() },
        { SecretRuleIds.FernetKey, "settings.py", "FERNET_KEY = \"{0}\"\n", Fernet(2) },
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public void Scan_WhenProviderSecretPresent_ReportsRuleWithExactSpan(string rule, string path, string template, string secret)
    {
        var text = template.Replace("{0}", secret, StringComparison.Ordinal);

        var result = ScanHelper.Scan(text, path);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(rule, finding.RuleId);
        Assert.Equal(secret, ScanHelper.SecretOf(text, finding));
        Assert.False(result.IsClean);
    }

    /// <summary>Near misses: the same shapes, too short, too long, placeholders, or without the required context.</summary>
    public static TheoryData<string, string> Negatives() => new()
    {
        { "aws id too short", "key = \"" + "AK" + "IA" + Random(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") + "\"" },
        { "aws documented example", "aws_access_key_id = " + "AK" + "IAIOSFODNN7EXAMPLE" },
        { "aws secret without context", "checksum: " + AwsSecret() },
        { "gcp key too short", "ref " + "AI" + "za" + Random(20, UrlSafe) },
        { "azure-shaped blob without context", "data: " + AzureKey() },
        { "digitalocean too short", "t = " + "do" + "p_v1_" + Random(30, Hex) },
        { "heroku uuid without context", "request_id = \"" + Guid() + "\"" },
        { "github too short", "see " + "gh" + "p_" + Random(20) },
        { "github placeholder", "token = \"" + "gh" + "p_" + new string('x', 36) + "\"" },
        { "github too long", "id: " + "gh" + "p_" + Random(44) },
        { "gitlab too short", "t: " + "glp" + "at-" + Random(8, UrlSafe) },
        { "openai without marker", "sk" + "-" + Random(48) },
        { "anthropic too short", "k = " + "sk" + "-ant-" + Random(10) },
        { "huggingface identifier", "from huggingface_hub import hf_hub_download" },
        { "huggingface lowercase only", "model = " + "h" + "f_" + Random(34, "abcdefghijklmnopqrstuvwxyz") },
        { "replicate too short", "r8_" + Random(10) },
        { "groq too short", "gsk_" + Random(20) },
        { "stripe too short", "sk_" + "live_" + Random(10) },
        { "stripe prose", "Use sk_live_ keys only in production" },
        { "slack placeholder", "SLACK=xoxb-your-token-here" },
        { "slack webhook placeholder", "url: https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX" },
        { "discord-shaped without numeric id", Random(24) + "." + Random(6) + "." + Random(27) },
        { "discord webhook placeholder", "https://discord.com/api/webhooks/123456789012345678/your-webhook-token-goes-here-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
        { "telegram lowercase tail", "12345678:" + Random(35, "abcdefghijklmnopqrstuvwxyz") },
        { "telegram timestamp", "build 2024010112:30 release-candidate-for-version-one" },
        { "twilio too short", "SK" + Random(20, Hex) },
        { "twilio uppercase word", "SKIPPED_" + Random(10) },
        { "sendgrid too short", "SG." + Random(10) + "." + Random(10) },
        { "npm too short", "npm_" + Random(12) },
        { "npm script name", "run npm_config_cache_dir_setting" },
        { "pypi prose", "Create a pypi- token in your account" },
        { "linear too short", "lin_api_" + Random(10) },
        { "figma too short", "figd_" + Random(10) },
        { "notion secret_ identifier", "secret_key_base_for_development_environment_only_x" },
        { "notion too short", "ntn_" + Random(20) },
        { "supabase too short", "sbp_" + Random(10, Hex) },
        { "google oauth too short", "GOCSPX-" + Random(10) },
        { "facebook without context", "value: " + "EA" + "A" + Random(60) },
        { "jwt sample from jwt.io", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" },
        { "jwt-shaped not json", "eyJ" + Random(20) + ".eyJ" + Random(20) + "." + Random(20) },
        { "fernet-shaped without context", "hash: \"" + Fernet() + "\"" },
        { "fernet too short", "FERNET_KEY = \"" + Random(30, UrlSafe) + "=\"" },
    };

    [Theory]
    [MemberData(nameof(Negatives))]
    public void Scan_WhenProviderLookAlike_ReportsNothing(string description, string text)
    {
        var result = ScanHelper.Scan(text + "\n");

        Assert.True(result.IsClean, $"{description}: {string.Join(", ", result.Findings.Select(f => f.RuleId))}");
    }

    [Fact]
    public void Scan_WhenGithubPatInToml_ReportsFinding()
    {
        var text = "[auth]\npat = \"" + GitHub() + "\"\n";

        var finding = Assert.Single(ScanHelper.Scan(text, "config.toml").Findings);

        Assert.Equal(SecretRuleIds.GitHubToken, finding.RuleId);
        Assert.Equal(2, finding.Line);
        Assert.Equal(8, finding.Column);
        Assert.Equal("ghp_", finding.Preview);
    }

    [Fact]
    public void Scan_WhenGcpServiceAccountJson_ReportsOneFindingForThePrivateKey()
    {
        var text = ServiceAccountJson();

        var finding = Assert.Single(ScanHelper.Scan(text, "keys/sa.json").Findings);

        Assert.Equal(SecretRuleIds.GcpServiceAccount, finding.RuleId);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", ScanHelper.SecretOf(text, finding), StringComparison.Ordinal);
        Assert.Null(finding.Preview);
    }

    [Fact]
    public void Scan_WhenPlaceholderPrecedesRealSecretOnOneLine_ReportsTheRealOne()
    {
        var real = GitHub(seed: 9);
        var text = "tokens: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx and " + real + "\n";

        var finding = Assert.Single(ScanHelper.Scan(text).Findings);

        Assert.Equal(real, ScanHelper.SecretOf(text, finding));
    }

    [Fact]
    public void Scan_WhenSeveralSecretsOnOneLine_ReportsEveryMatch()
    {
        var text = GitHub(seed: 1) + " " + Npm(2) + " " + GitHub(seed: 3) + "\n";

        var rules = ScanHelper.Rules(text);

        Assert.Equal([SecretRuleIds.GitHubToken, SecretRuleIds.NpmToken, SecretRuleIds.GitHubToken], rules);
    }

    [Fact]
    public void Scan_WhenUuidStandsAlone_ReportsNothing()
    {
        Assert.True(ScanHelper.Scan("id: " + Guid() + "\ncorrelation " + Guid(5) + "\n").IsClean);
    }

    [Fact]
    public void Scan_WhenProviderTokenAssignedToPasswordKey_ReportsProviderRuleNotGeneric()
    {
        var text = "GITHUB_TOKEN=" + GitHub() + "\n";

        Assert.Equal([SecretRuleIds.GitHubToken], ScanHelper.Rules(text));
    }
}
