using BrainRepo.Core.Model;

namespace BrainRepo.Core.Storage;

/// <summary>The plain <see cref="IBaselineSave"/>: nothing is done ahead, <see cref="Complete"/> saves it all.</summary>
internal sealed class DeferredBaselineSave(IStateStore state, IReadOnlyDictionary<string, TrackedFile> files, Baseline previous, string scanner) : IBaselineSave
{
    public void Complete(string commitId, IReadOnlyDictionary<string, string> trees) => state.SaveBaseline(commitId, files, previous, trees, scanner);

    public void Dispose()
    {
    }
}
