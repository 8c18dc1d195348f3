using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BrainRepo.Core.Tests.Support;
using BrainRepo.Git;

namespace BrainRepo.Core.Tests.Restore;

/// <summary>
/// Writes git objects by hand into a test workspace's backup repository, including trees that
/// <c>git mktree</c> would refuse ('..', '/', absolute or duplicate names): tree bytes are hashed with
/// <c>git hash-object -t tree --literally</c>. <see cref="Commit"/> moves refs/heads/main to the result.
/// </summary>
internal sealed class HostileRepository
{
    private readonly TestWorkspace ws;

    public HostileRepository(TestWorkspace ws)
    {
        this.ws = ws;
        GitBackupRepository.CreateOrOpen(ws.Config.RepositoryPath, CancellationToken.None).Dispose();
    }

    public string Blob(string content) => Blob(Encoding.UTF8.GetBytes(content));

    public string Blob(byte[] content) => HashObject("blob", content);

    /// <summary>
    /// A corrupt object: a loose object stored under the id of <paramref name="claimed"/> whose content is
    /// <paramref name="actual"/> instead. Its header is well formed, so only hashing the content finds it.
    /// </summary>
    public string CorruptBlob(string claimed, string actual)
    {
        var claimedBytes = Encoding.UTF8.GetBytes(claimed);
        var id = Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {claimedBytes.Length}\0"), .. claimedBytes]));
        var actualBytes = Encoding.UTF8.GetBytes(actual);
        var path = Path.Combine(ws.Config.RepositoryPath, "objects", id[..2], id[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        using (var z = new ZLibStream(file, CompressionLevel.Optimal))
        {
            z.Write(Encoding.ASCII.GetBytes($"blob {actualBytes.Length}\0"));
            z.Write(actualBytes);
        }

        return id;
    }

    /// <summary>A tree from (mode, raw name, id) entries, written exactly in the given order.</summary>
    public string Tree(params (string Mode, byte[] Name, string Id)[] entries)
    {
        using var ms = new MemoryStream();
        foreach (var (mode, name, id) in entries)
        {
            ms.Write(Encoding.ASCII.GetBytes(mode + " "));
            ms.Write(name);
            ms.WriteByte(0);
            ms.Write(Convert.FromHexString(id));
        }

        return HashObject("tree", ms.ToArray());
    }

    public string Tree(params (string Mode, string Name, string Id)[] entries) =>
        Tree(entries.Select(e => (e.Mode, Encoding.UTF8.GetBytes(e.Name), e.Id)).ToArray());

    /// <summary>Writes a commit of <paramref name="tree"/> and points refs/heads/main at it.</summary>
    public string Commit(string tree)
    {
        var text = $"tree {tree}\nauthor Mallory <m@example.com> 1700000000 +0000\ncommitter Mallory <m@example.com> 1700000000 +0000\n\nhostile\n";
        var commit = HashObject("commit", Encoding.UTF8.GetBytes(text));
        var (exit, _, err) = ws.Git("update-ref", "refs/heads/main", commit);
        Assert.True(exit == 0, err);
        return commit;
    }

    private string HashObject(string type, byte[] content)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--git-dir=" + ws.Config.RepositoryPath, "hash-object", "-t", type, "-w", "--literally", "--stdin" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.BaseStream.Write(content);
        p.StandardInput.Close();
        var id = p.StandardOutput.ReadToEnd().Trim();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return id;
    }
}
