using System.Text.RegularExpressions;

namespace BrainRepo.Core.Secrets;

/// <summary>The built-in rules in priority order (earlier rules win overlaps). Validators live in <see cref="SecretValidators"/>.</summary>
internal static class SecretRuleCatalog
{
    /// <summary>
    /// Bump when a rule changes, so cached scan verdicts are invalidated. 3: symlink targets and path names are scanned
    /// too, so every file stored before is read (and its name and link target scanned) once more.
    /// </summary>
    public const int Version = 3;

    public static IReadOnlyList<SecretRule> All { get; } = Create();

    private static List<SecretRule> Create()
    {
        List<SecretRule> rules =
        [
            // Its keyword ("type": "service_account") is not part of the match, so a window may hold the key without it.
            Rx(SecretRuleIds.GcpServiceAccount, ["service_account"], SecretPatterns.GcpServiceAccountPrivateKey(), SecretValidators.ServiceAccountKey, windowSafe: false),
            new PrivateKeyRule(),
            Prefixed(SecretRuleIds.AwsAccessKeyId, ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], SecretPatterns.AwsAccessKeyId(), 4, 3.0, ["AKIA", "ASIA", "ABIA", "ACCA"]),
            Rx(SecretRuleIds.AwsSecretAccessKey, ["aws"], SecretPatterns.AwsSecretAccessKey(), SecretValidators.Random(4.0)),
            Prefixed(SecretRuleIds.GcpApiKey, ["AIza"], SecretPatterns.GcpApiKey(), 4, 3.5, ["AIza"]),
            Rx(SecretRuleIds.AzureStorageKey, ["AccountKey", "azure", "storage", "account"], SecretPatterns.AzureStorageKey(), SecretValidators.Random(4.5)),
            Prefixed(SecretRuleIds.DigitalOceanToken, ["dop_v1_", "doo_v1_", "dor_v1_"], SecretPatterns.DigitalOceanToken(), 7, 3.0, ["dop_v1_", "doo_v1_", "dor_v1_"]),
            Rx(SecretRuleIds.HerokuApiKey, ["heroku", "HRKU-"], SecretPatterns.HerokuApiKey(), SecretValidators.Random(3.0), ["HRKU-"]),
            Prefixed(SecretRuleIds.GitHubFineGrainedPat, ["github_pat_"], SecretPatterns.GitHubFineGrainedPat(), 11, 3.5, ["github_pat_"]),
            Prefixed(SecretRuleIds.GitHubToken, ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], SecretPatterns.GitHubToken(), 4, 3.5, ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
            Prefixed(SecretRuleIds.GitLabToken, ["glpat-"], SecretPatterns.GitLabToken(), 6, 3.5, ["glpat-"]),
            Prefixed(SecretRuleIds.AnthropicApiKey, ["sk-ant-"], SecretPatterns.AnthropicApiKey(), 7, 3.5, ["sk-ant-"]),
            Rx(SecretRuleIds.OpenAiApiKey, ["T3BlbkFJ", "sk-proj-"], SecretPatterns.OpenAiApiKey(), SecretValidators.Body(3, 3.5), ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"]),
            Prefixed(SecretRuleIds.HuggingFaceToken, ["hf_"], SecretPatterns.HuggingFaceToken(), 3, 3.5, ["hf_"], mixedCase: true),
            Prefixed(SecretRuleIds.ReplicateToken, ["r8_"], SecretPatterns.ReplicateToken(), 3, 3.5, ["r8_"]),
            Prefixed(SecretRuleIds.GroqApiKey, ["gsk_"], SecretPatterns.GroqApiKey(), 4, 3.5, ["gsk_"]),
            Prefixed(SecretRuleIds.StripeKey, ["sk_live_", "sk_test_", "pk_live_", "pk_test_", "rk_live_", "rk_test_"], SecretPatterns.StripeKey(), 8, 3.5, ["sk_live_", "sk_test_", "pk_live_", "pk_test_", "rk_live_", "rk_test_"]),
            Rx(SecretRuleIds.SlackWebhook, ["hooks.slack.com"], SecretPatterns.SlackWebhook(), SecretValidators.UrlTail(3.5)),
            Rx(SecretRuleIds.SlackToken, ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"], SecretPatterns.SlackToken(), SecretValidators.SlackToken, ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"], keywordStartsMatch: true),
            Rx(SecretRuleIds.DiscordWebhook, ["/api/webhooks/"], SecretPatterns.DiscordWebhook(), SecretValidators.UrlTail(3.5)),
            Rx(SecretRuleIds.DiscordBotToken, [], SecretPatterns.DiscordBotToken(), SecretValidators.DiscordBotToken),
            Rx(SecretRuleIds.TelegramBotToken, [], SecretPatterns.TelegramBotToken(), SecretValidators.TelegramBotToken),
            Prefixed(SecretRuleIds.TwilioApiKey, ["SK"], SecretPatterns.TwilioApiKey(), 2, 3.0, ["SK"]),
            Prefixed(SecretRuleIds.SendGridApiKey, ["SG."], SecretPatterns.SendGridApiKey(), 3, 3.5, ["SG."]),
            Prefixed(SecretRuleIds.NpmToken, ["npm_"], SecretPatterns.NpmToken(), 4, 3.5, ["npm_"]),
            Prefixed(SecretRuleIds.PyPiToken, ["pypi-AgE"], SecretPatterns.PyPiToken(), 5, 3.5, ["pypi-"]),
            Prefixed(SecretRuleIds.LinearApiKey, ["lin_api_"], SecretPatterns.LinearApiKey(), 8, 3.5, ["lin_api_"]),
            Prefixed(SecretRuleIds.FigmaToken, ["figd_"], SecretPatterns.FigmaToken(), 5, 3.5, ["figd_"]),
            Rx(SecretRuleIds.NotionToken, ["ntn_", "secret_"], SecretPatterns.NotionToken(), SecretValidators.NotionToken, ["ntn_", "secret_"]),
            Rx(SecretRuleIds.SupabaseKey, ["sbp_", "sb_secret_"], SecretPatterns.SupabaseKey(), SecretValidators.Body(4, 3.0), ["sbp_", "sb_secret_"]),
            Prefixed(SecretRuleIds.GoogleOAuthClientSecret, ["GOCSPX-"], SecretPatterns.GoogleOAuthClientSecret(), 7, 3.5, ["GOCSPX-"]),
            Rx(SecretRuleIds.FacebookAccessToken, ["EAA"], SecretPatterns.FacebookAccessToken(), SecretValidators.Random(3.5), ["EAA"]),
            Rx(SecretRuleIds.Jwt, ["eyJ"], SecretPatterns.Jwt(), SecretValidators.Jwt, keywordStartsMatch: true),
            Rx(SecretRuleIds.FernetKey, ["fernet", "crypt", "cipher"], SecretPatterns.FernetKey(), SecretValidators.Random(4.0)),
            Rx(SecretRuleIds.UrlCredentials, ["://"], SecretPatterns.UrlCredentials(), SecretValidators.UrlCredentials),
            new GenericAssignmentRule(),
        ];
        return rules;
    }

    private static RegexSecretRule Rx(
        string id,
        string[] keywords,
        Regex regex,
        Func<string, Match, bool> validate,
        string[]? preview = null,
        bool keywordStartsMatch = false,
        bool windowSafe = true) =>
        new(id, keywords, regex, validate, preview, keywordStartsMatch, windowSafe);

    private static RegexSecretRule Prefixed(
        string id,
        string[] keywords,
        Regex regex,
        int prefixLength,
        double minEntropy,
        string[] preview,
        bool mixedCase = false) =>
        new(id, keywords, regex, SecretValidators.Body(prefixLength, minEntropy, mixedCase), preview, keywordStartsMatch: true);
}
