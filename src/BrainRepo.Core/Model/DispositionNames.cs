namespace BrainRepo.Core.Model;

/// <summary>The stable names of dispositions, as written to reports and JSON output.</summary>
public static class DispositionNames
{
    public static string ToName(this Disposition d) => d switch
    {
        Disposition.Stored => "stored",
        Disposition.Excluded => "excluded",
        Disposition.WithheldSecret => "withheld-secret",
        Disposition.RedactedSecret => "redacted-secret",
        Disposition.TooLarge => "too-large",
        Disposition.Unreadable => "unreadable",
        Disposition.ChangedDuringRead => "changed-during-read",
        Disposition.CredentialCache => "credential-cache",
        Disposition.DeletionHeldBack => "deletion-held-back",
        Disposition.WatchPathMissing => "watch-path-missing",
        Disposition.SealedSecret => "sealed-secret",
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    public static Disposition Parse(string name)
    {
        foreach (var d in Enum.GetValues<Disposition>())
        {
            if (d.ToName() == name)
            {
                return d;
            }
        }

        throw new FormatException($"Unknown disposition '{name}'.");
    }
}
