namespace BrainRepo.Core.Secrets;

/// <summary>
/// One archive layer as the scanner reads it: the head it has already read (to recognise the content), then the rest of
/// the underlying stream, which it does not own. Counts what it has handed out. With a state, it also counts the bytes
/// into the scan's decompressed-bytes budget, and ends (reads as empty) once that budget runs out, having reported it.
/// </summary>
internal sealed class MemberStream(Stream inner, byte[]? head, int headLength, ArchiveState? counter, string? memberPath) : Stream
{
    private int _headPosition;
    private bool _stopped;

    /// <summary>Bytes handed out so far.</summary>
    public long Consumed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    /// <summary>Counts <paramref name="inner"/>'s bytes into <paramref name="counter"/>'s budget as they are read.</summary>
    public static MemberStream Counting(Stream inner, ArchiveState counter, string memberPath) => new(inner, null, 0, counter, memberPath);

    /// <summary><paramref name="head"/> (already read from <paramref name="inner"/>), then the rest of <paramref name="inner"/>.</summary>
    public static MemberStream AfterHead(Stream inner, byte[] head, int headLength) => new(inner, head, headLength, null, null);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _stopped)
        {
            return 0;
        }

        int n;
        if (head is not null && _headPosition < headLength)
        {
            n = Math.Min(buffer.Length, headLength - _headPosition);
            head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
        }
        else
        {
            n = inner.Read(buffer);
            if (counter is not null)
            {
                if (n > counter.BytesLeft)
                {
                    counter.Report(ArchiveProblemKind.TooLarge, memberPath, $"decompressed content exceeds the scanner's limit of {counter.Limit / (1024 * 1024)} MiB per file (a possible zip bomb)");
                    _stopped = true;
                    return 0;
                }

                counter.BytesLeft -= n;
            }
        }

        Consumed += n;
        return n;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFull(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
