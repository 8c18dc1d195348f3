using BrainRepo.Core.Errors;

namespace BrainRepo.Git.Repair;

public sealed partial class RepositoryRepair
{
    /// <summary>Checks every pack in full; moves the damaged ones aside and recovers what they still hold.</summary>
    private (int Checked, List<DamagedPack> Damaged) CheckPacks(string quarantine, CancellationToken cancellationToken)
    {
        var packDirectory = Path.Combine(repository.ObjectsDirectory, "pack");
        var found = new List<(string Stem, string Problem)>();
        var checkedPacks = 0;
        if (!Directory.Exists(packDirectory))
        {
            return (0, []);
        }

        foreach (var index in Directory.EnumerateFiles(packDirectory, "pack-*.idx").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stem = Path.GetFileNameWithoutExtension(index);
            try
            {
                using var pack = GitPack.Open(index);
                checkedPacks++;
                if (!pack.PackChecksumMatches())
                {
                    found.Add((stem, "its content does not match its checksum (damaged on disk)"));
                }
            }
            catch (InvalidDataException ex)
            {
                checkedPacks++;
                found.Add((stem, ex.Message));
            }
            catch (Exception ex) when (ex is NotSupportedException or IOException or UnauthorizedAccessException)
            {
                // A format only git reads (an old version-1 index): git judges its objects in the walk below.
            }
        }

        foreach (var pack in Directory.EnumerateFiles(packDirectory, "pack-*.pack").Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.ChangeExtension(pack, ".idx")))
            {
                checkedPacks++;
                found.Add((Path.GetFileNameWithoutExtension(pack), "it has no index, so git does not see its objects"));
            }
        }

        if (found.Count == 0)
        {
            return (checkedPacks, []);
        }

        // Unmap everything first: the packs are about to move, and new ones to appear.
        repository.ReleaseObjectStore();
        Directory.CreateDirectory(quarantine);
        var damaged = new List<DamagedPack>();
        foreach (var (stem, problem) in found)
        {
            foreach (var file in Directory.EnumerateFiles(packDirectory, stem + ".*"))
            {
                File.Move(file, Path.Combine(quarantine, Path.GetFileName(file)));
            }

            var moved = Path.Combine(quarantine, stem + ".pack");
            var (recovery, recovered) = File.Exists(moved)
                ? Recover(moved, packDirectory, cancellationToken)
                : ("nothing: the pack file itself is missing", 0);
            damaged.Add(new DamagedPack(stem + ".pack", problem, quarantine, recovery, recovered));
        }

        repository.ReleaseObjectStore();
        return (checkedPacks, damaged);
    }

    /// <summary>
    /// Recovers the objects of a quarantined pack. A whole pack (only its index was bad) gets a new index from git and
    /// goes back into place; otherwise git unpacks every object it can still read, up to the damage.
    /// </summary>
    private (string Recovery, int Objects) Recover(string pack, string packDirectory, CancellationToken cancellationToken)
    {
        var index = Path.ChangeExtension(pack, ".rebuilt.idx");
        var (code, stdout, _) = GitCli.Run(null, ["--git-dir=" + repository.Path, "index-pack", "-o", index, pack], cancellationToken);
        var hash = stdout.Trim().Split('\t', '\n').LastOrDefault() ?? "";
        if (code == 0 && hash.Length == 40 && hash.All(char.IsAsciiHexDigitLower))
        {
            var target = Path.Combine(packDirectory, "pack-" + hash);
            File.Copy(pack, target + ".pack.tmp", overwrite: true);
            File.Move(target + ".pack.tmp", target + ".pack", overwrite: true);
            File.Move(index, target + ".idx", overwrite: true);
            using var rebuilt = GitPack.Open(target + ".idx");
            return ("the pack is whole: its index was rebuilt by git index-pack and it is back in place", rebuilt.Count);
        }

        File.Delete(index);
        var before = LooseObjectCount();
        GitCli.RunWithInputFile(null, ["--git-dir=" + repository.Path, "unpack-objects", "-r", "-q"], pack, cancellationToken);
        var recovered = LooseObjectCount() - before;
        return (recovered > 0 ? "the objects before the damage were unpacked by git unpack-objects -r" : "nothing could be read from it", recovered);
    }

    /// <summary>
    /// Copies every object of <paramref name="source"/> in: <c>git fetch --refetch</c> ignores what this repository
    /// claims to have (its refs lead to the damaged history) and sends everything, and git checks each object as it
    /// indexes the pack. The refs it fetches are temporary and removed. Returns how many of its objects this repository lacked.
    /// </summary>
    private int CopyObjectsFrom(string source, CancellationToken cancellationToken)
    {
        const string Scratch = "refs/brainrepo/repair-copy/";
        var (_, listed, _) = GitCli.Run(null, ["--git-dir=" + source, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], cancellationToken);
        var absent = repository.CheckObjects(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries), cancellationToken).Missing.Count;
        var (code, _, stderr) = GitCli.Run(
            null,
            ["--git-dir=" + repository.Path, "fetch", "--refetch", "--no-tags", "--no-write-fetch-head", "--quiet", source, "+refs/heads/*:" + Scratch + "heads/*", "+refs/tags/*:" + Scratch + "tags/*"],
            cancellationToken);
        var (_, scratchRefs, _) = GitCli.Run(null, ["--git-dir=" + repository.Path, "for-each-ref", "--format=%(refname)", Scratch], cancellationToken);
        foreach (var name in scratchRefs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            GitCli.Run(null, ["--git-dir=" + repository.Path, "update-ref", "-d", name], cancellationToken);
        }

        if (code != 0)
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"The objects of the other copy could not be copied in: {stderr.Trim()}");
        }

        repository.ReleaseObjectStore();
        return absent;
    }

    private int LooseObjectCount()
    {
        var count = 0;
        foreach (var folder in Directory.EnumerateDirectories(repository.ObjectsDirectory))
        {
            var name = Path.GetFileName(folder);
            if (name.Length == 2 && name.All(char.IsAsciiHexDigitLower))
            {
                count += Directory.EnumerateFiles(folder).Count();
            }
        }

        return count;
    }
}
