using BrainRepo.Core.Model;
using BrainRepo.Core.Snapshots;
using BrainRepo.Core.Storage;

namespace BrainRepo.Storage.Sqlite;

/// <summary>
/// A stat cache save whose files are encoded on a background thread from the start (<see cref="StatCacheCodec.BeginEncode"/>),
/// completed with the commit id and folders once they are known.
/// </summary>
internal sealed class SqliteBaselineSave : IBaselineSave
{
    private readonly SqliteStateStore store;
    private readonly IReadOnlyDictionary<string, TrackedFile> files;
    private readonly Baseline previous;
    private readonly string scanner;
    private readonly Task<StatCacheCodec.Draft> encoding;

    public SqliteBaselineSave(SqliteStateStore store, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, string scanner)
    {
        this.store = store;
        this.files = files;
        this.previous = previous;
        this.scanner = scanner;
        encoding = Task.Run(() => StatCacheCodec.BeginEncode(scanner, files, previous.Trees));
    }

    public void Complete(string commitId, IReadOnlyDictionary<string, string> trees) =>
        store.SaveBaseline(commitId, files, previous, trees, scanner, () => StatCacheCodec.FinishEncode(encoding.GetAwaiter().GetResult(), commitId, trees));

    public void Dispose()
    {
        // The encoder reads the files: it must end before the caller may change or drop them.
        try
        {
            encoding.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // Only Complete reports an encoding failure.
        }
    }
}
