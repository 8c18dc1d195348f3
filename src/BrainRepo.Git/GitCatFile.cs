using System.Globalization;
using System.Text;
using BrainRepo.Core.Errors;

namespace BrainRepo.Git;

/// <summary>
/// One long-running <c>git cat-file --batch</c> process: raw object bytes, exactly as stored, without
/// libgit2's parsing (which rejects or decodes some hostile tree entries before we can name them).
/// Not thread-safe; the owner serialises calls. With <c>buffered</c> (<c>--buffer</c>) git writes its
/// answers in large blocks: for <see cref="ReadAll"/>, which asks for every object up front.
/// </summary>
internal sealed class GitCatFile : IDisposable
{
    private readonly GitStreamingProcess process;
    private readonly Stream input;
    private readonly BufferedStream output;

    public GitCatFile(string repositoryPath, bool buffered = false, bool headersOnly = false)
    {
        string[] arguments = buffered
            ? ["cat-file", headersOnly ? "--batch-check" : "--batch", "--buffer"]
            : ["cat-file", headersOnly ? "--batch-check" : "--batch"];
        process = GitProcessRunner.Default.StartStreaming(new GitProcessRequest { GitDirectory = repositoryPath, Arguments = arguments });
        input = process.StandardInput;
        output = new BufferedStream(process.StandardOutput, 1 << 16);
    }

    /// <summary>Reads an object: its type and content, or null when it is missing. Objects above <paramref name="maxSize"/> are refused.</summary>
    public (string Type, byte[] Content)? Read(string objectId, long maxSize)
    {
        if (objectId.Length != 40 || !objectId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not an object id.", nameof(objectId));
        }

        input.Write(Encoding.ASCII.GetBytes(objectId + "\n"));
        input.Flush();
        var header = ReadLine();
        var parts = header.Split(' ');
        if (parts.Length == 2 && parts[1] == "missing")
        {
            return null;
        }

        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"git cat-file answered '{header}' for object {objectId}.");
        }

        if (size > maxSize)
        {
            Skip(size + 1);
            throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {objectId} is {size} bytes, more than the {maxSize} allowed for a {parts[1]}.");
        }

        var content = new byte[size];
        output.ReadExactly(content);
        output.ReadByte(); // the LF after the content
        return (parts[1], content);
    }

    /// <summary>
    /// Reads objects of one type in the given order through this one process: the ids are written by a
    /// feeder task while the answers are read, so neither side waits for the other. Content is not
    /// hashed; the caller verifies it. A missing object, one of another type, or one above
    /// <paramref name="maxSize"/> is a repository error.
    /// </summary>
    public IEnumerable<byte[]> ReadAll(IReadOnlyList<string> objectIds, string type, long maxSize, CancellationToken cancellationToken)
    {
        CheckIds(objectIds);
        var feeder = Task.Run(() => Feed(objectIds, cancellationToken), cancellationToken);
        using var cancel = cancellationToken.Register(Kill);
        foreach (var id in objectIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = ReadLine();
            var parts = header.Split(' ');
            if (parts.Length != 3 || parts[0] != id || parts[1] != type || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {id} is missing from the backup repository or is not a {type} (git cat-file answered '{header}').");
            }

            if (size > maxSize)
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"Object {id} is {size} bytes, more than the {maxSize} allowed for a {type}.");
            }

            // Every byte is overwritten by the read: no need to zero the array first (a restore streams its
            // whole snapshot through here, and zeroing fresh memory showed as 13% of a restore's CPU).
            var content = GC.AllocateUninitializedArray<byte>((int)size);
            output.ReadExactly(content);
            output.ReadByte(); // the LF after the content
            yield return content;
        }

        feeder.GetAwaiter().GetResult();
    }

    /// <summary>With <c>headersOnly</c>: the type and size of each object, in order; ("missing", -1) for an absent one.</summary>
    public IEnumerable<(string Type, long Size)> ReadHeaders(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        CheckIds(objectIds);
        var feeder = Task.Run(() => Feed(objectIds, cancellationToken), cancellationToken);
        using var cancel = cancellationToken.Register(Kill);
        foreach (var id in objectIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = ReadLine();
            var parts = header.Split(' ');
            if (parts.Length == 2 && parts[0] == id && parts[1] == "missing")
            {
                yield return ("missing", -1);
                continue;
            }

            if (parts.Length != 3 || parts[0] != id || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, $"git cat-file answered '{header}' for object {id}.");
            }

            yield return (parts[1], size);
        }

        feeder.GetAwaiter().GetResult();
    }

    private static void CheckIds(IReadOnlyList<string> objectIds)
    {
        foreach (var id in objectIds)
        {
            if (id.Length != 40 || !id.All(char.IsAsciiHexDigitLower))
            {
                throw new ArgumentException("Not an object id.", nameof(objectIds));
            }
        }
    }

    private void Feed(IReadOnlyList<string> blobIds, CancellationToken cancellationToken)
    {
        try
        {
            using var writer = new BufferedStream(input, 1 << 16);
            var line = new byte[41];
            line[40] = (byte)'\n';
            foreach (var id in blobIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Encoding.ASCII.GetBytes(id, line);
                writer.Write(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // git ended early (killed on cancel, or it failed): the reader reports it.
        }
    }

    /// <summary>Ends git at once (an abandoned <see cref="ReadAll"/>: nobody reads its output any more).</summary>
    public void Kill() => process.Kill();

    private string ReadLine()
    {
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                var said = process.StandardErrorWhenEnded();
                throw new BrainRepoException(ErrorCodes.RepositoryCorrupt, said.Length == 0 ? "git cat-file ended unexpectedly." : $"git cat-file ended unexpectedly: {said}");
            }

            if (b == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray());
            }

            bytes.Add((byte)b);
        }
    }

    private void Skip(long count)
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var n = output.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n <= 0)
            {
                return;
            }

            count -= n;
        }
    }

    public void Dispose() => process.Dispose();
}
