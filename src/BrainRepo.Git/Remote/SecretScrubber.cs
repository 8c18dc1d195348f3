using System.Text;

namespace BrainRepo.Git.Remote;

/// <summary>Removes a secret, in the forms git could print it (raw, URL-encoded, basic-auth base64), from text.</summary>
public sealed class SecretScrubber
{
    public const string Mask = "***";

    private readonly string[] _forms;

    public SecretScrubber(string? secret, string? username = null)
    {
        if (string.IsNullOrEmpty(secret))
        {
            _forms = [];
            return;
        }

        var forms = new List<string> { secret, Uri.EscapeDataString(secret), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) };
        if (!string.IsNullOrEmpty(username))
        {
            forms.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + secret)));
        }

        _forms = forms.Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray();
    }

    /// <summary>A scrubber that changes nothing.</summary>
    public static SecretScrubber None { get; } = new(null);

    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var form in _forms)
        {
            text = text.Replace(form, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
