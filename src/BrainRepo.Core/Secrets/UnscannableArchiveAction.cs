namespace BrainRepo.Core.Secrets;

/// <summary>Policy for an archive that cannot be scanned completely.</summary>
public enum UnscannableArchiveAction
{
    /// <summary>Keep the last clean version and report the problem (default: nothing unscanned leaks).</summary>
    Withhold,

    /// <summary>Store the archive anyway and report the problem as a warning.</summary>
    Store,
}
