using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using Aileron.Forwarding;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Hosting;

/// <summary>
/// Reads each HTTP/1.x request head on its way to Kestrel's parser, for the two things that parser
/// hides. First, it accepts heads that other parsers read differently: a Content-Length with a sign
/// (<c>+5</c>, <c>-0</c>), which nginx and HAProxy refuse; a proxy in front of aileron that read such
/// a length another way would disagree with it about where the next request starts (request
/// smuggling), so the sign is turned into a byte Kestrel rejects, and Kestrel answers 400 and
/// closes. Second, it keeps only the option it understood of a Connection header (<c>close</c>,
/// <c>keep-alive</c>) and drops the header names the client listed there, which a proxy must not
/// forward (RFC 9110 7.6.1); they are kept here for the request that runs (<see cref="CurrentListed"/>).
/// To know where each head starts it follows the framing of every request (Content-Length or
/// chunked body); it never blocks or reorders anything, and once a connection turns into something
/// else (an upgrade, HTTP/2) it steps aside.
/// </summary>
internal sealed class RawRequestHeads : PipeReader, IConnectionListedNamesFeature
{
    private readonly PipeReader _inner;
    private ReadOnlySequence<byte> _last;

    // Offsets into the unconsumed input: how far it has been read, where the current line started,
    // and how far that line has been searched for its end.
    private long _scanned;
    private long _searchedTo;
    private Mode _mode = Mode.RequestLine;
    private long _remaining;
    private long _contentLength;
    private bool _chunked;
    private bool _upgrade;
    private List<string>? _listed;

    // Where each head read ends (counted from the connection's first byte) with the names its
    // Connection header listed, until Kestrel has consumed it: a pipelined head may be read while
    // the request before it still runs.
    private readonly Queue<(long End, List<string>? Names)> _heads = new();
    private long _consumed;

    // The connection's first-request deadline, until its first head (or HTTP/2 preface) is in.
    private FirstRequestDeadline? _deadline;

    private readonly PendingRead<ReadResult> _pending;

    private RawRequestHeads(PipeReader inner, FirstRequestDeadline? deadline = null)
    {
        _inner = inner;
        _deadline = deadline;
        _pending = new PendingRead<ReadResult>(Inspect);
    }

    private enum Mode
    {
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Aside,
    }

    /// <summary>Puts the guard in front of Kestrel's parser on every connection <paramref name="listen"/> accepts.</summary>
    public static void Use(ListenOptions listen) =>
        listen.Use(next => connection =>
        {
            var heads = new RawRequestHeads(connection.Transport.Input, connection.Features.Get<FirstRequestDeadline>());
            connection.Features.Set(heads);
            connection.Features.Set<IConnectionListedNamesFeature>(heads);
            connection.Transport = new Pipe(heads, connection.Transport.Output);
            return next(connection);
        });

    /// <summary>For tests: the reader over raw request bytes.</summary>
    public static RawRequestHeads Over(PipeReader input) => new(input);

    /// <summary>
    /// The header names the Connection header of the request Kestrel parsed last (the one running
    /// now) listed, other than <c>close</c> and <c>keep-alive</c>; null when it listed none.
    /// </summary>
    public List<string>? CurrentListed { get; private set; }

    /// <summary>The client has sent at least one byte.</summary>
    public bool HasBegun { get; private set; }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _inner.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Inspect(pending.Result)) : _pending.Await(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_inner.TryRead(out result))
        {
            return false;
        }

        result = Inspect(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var count = _last.Slice(_last.Start, consumed).Length;
        _consumed += count;
        while (_heads.TryPeek(out var head) && head.End <= _consumed)
        {
            CurrentListed = head.Names;
            _heads.Dequeue();
        }

        if (_mode != Mode.Aside)
        {
            _scanned -= count;
            _searchedTo -= count;
            if (_scanned < 0)
            {
                // Kestrel took bytes this reader has not placed: it no longer knows where heads start.
                _mode = Mode.Aside;
            }
        }

        _last = default;
        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private ReadResult Inspect(ReadResult result)
    {
        _last = result.Buffer;
        HasBegun |= !result.Buffer.IsEmpty;
        if (_mode != Mode.Aside)
        {
            Scan(result.Buffer);
        }

        return result;
    }

    /// <summary>Reads on from <see cref="_scanned"/> as far as the bytes allow.</summary>
    private void Scan(ReadOnlySequence<byte> buffer)
    {
        while (_scanned < buffer.Length && _mode != Mode.Aside)
        {
            if (_mode is Mode.Body or Mode.ChunkData)
            {
                var skip = Math.Min(_remaining, buffer.Length - _scanned);
                _scanned += skip;
                _remaining -= skip;
                if (_remaining == 0)
                {
                    _mode = _mode == Mode.Body ? Mode.RequestLine : Mode.ChunkDataEnd;
                }

                _searchedTo = _scanned;
                continue;
            }

            var from = Math.Max(_searchedTo, _scanned);
            if (buffer.Slice(from).PositionOf((byte)'\n') is not { } newline)
            {
                _searchedTo = buffer.Length;
                return;
            }

            var end = buffer.Slice(0, newline).Length;
            var line = buffer.Slice(_scanned, end - _scanned);
            _scanned = _searchedTo = end + 1;
            OnLine(line);
        }
    }

    private void OnLine(ReadOnlySequence<byte> line)
    {
        // Lines end in CRLF; a bare LF is Kestrel's to refuse.
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        switch (_mode)
        {
            case Mode.RequestLine:
                // An empty line before a request line is tolerated; HTTP/2's preface is not HTTP/1.
                if (!line.IsEmpty)
                {
                    _mode = StartsWith(line, "PRI * HTTP/2.0"u8) ? Mode.Aside : Mode.Headers;
                    if (_mode == Mode.Aside)
                    {
                        MetDeadline();
                    }

                    _contentLength = 0;
                    _chunked = _upgrade = false;
                    _listed = null;
                }

                break;
            case Mode.Headers when line.IsEmpty:
                OnHeadEnd();
                _mode = _upgrade ? Mode.Aside : _chunked ? Mode.ChunkSize : _contentLength > 0 ? Mode.Body : Mode.RequestLine;
                _remaining = _contentLength;
                break;
            case Mode.Headers:
                OnHeader(line);
                break;
            case Mode.ChunkSize:
                if (!TryChunkSize(line, out var size))
                {
                    _mode = Mode.Aside;
                }
                else
                {
                    _mode = size == 0 ? Mode.Trailers : Mode.ChunkData;
                    _remaining = size;
                }

                break;
            case Mode.ChunkDataEnd:
                _mode = Mode.ChunkSize;
                break;
            case Mode.Trailers when line.IsEmpty:
                _mode = Mode.RequestLine;
                break;
        }
    }

    private void OnHeader(ReadOnlySequence<byte> line)
    {
        Span<byte> start = stackalloc byte[64];
        var length = (int)Math.Min(line.Length, start.Length);
        line.Slice(0, length).CopyTo(start);
        start = start[..length];
        var colon = start.IndexOf((byte)':');
        if (colon < 0)
        {
            return;
        }

        var name = start[..colon];
        if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            _chunked = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
        {
            _upgrade = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            OnConnection(line.Slice(colon + 1));
        }
        else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            var at = colon + 1;
            while (at < start.Length && start[at] is (byte)' ' or (byte)'\t')
            {
                at++;
            }

            if (at < start.Length && start[at] is (byte)'+' or (byte)'-')
            {
                Refuse(line.Slice(at));
                return;
            }

            _contentLength = ParseDigits(start[at..]);
        }
    }

    private void OnConnection(ReadOnlySequence<byte> value)
    {
        Span<byte> start = stackalloc byte[12];
        if (value.Length <= start.Length)
        {
            value.CopyTo(start);
            var token = start[..(int)value.Length].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8) || Ascii.EqualsIgnoreCase(token, "close"u8))
            {
                return;
            }
        }

        if (ConnectionOptions.ListedNames(Encoding.Latin1.GetString(value)) is { } names)
        {
            (_listed ??= []).AddRange(names);
        }
    }

    private void OnHeadEnd()
    {
        _heads.Enqueue((_consumed + _scanned, _listed));
        MetDeadline();
    }

    /// <summary>The first request's head is in whole: from here on Kestrel's own timeouts apply.</summary>
    private void MetDeadline()
    {
        _deadline?.Met();
        _deadline = null;
    }

    /// <summary>Turns the sign into a byte no number starts with: Kestrel answers 400 and closes the connection.</summary>
    private void Refuse(ReadOnlySequence<byte> from)
    {
        MemoryMarshal.AsMemory(from.First).Span[0] = (byte)'x';
        _mode = Mode.Aside;
    }

    private static long ParseDigits(ReadOnlySpan<byte> value)
    {
        long length = 0;
        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9' || length > long.MaxValue / 10 - 10)
            {
                break;
            }

            length = (length * 10) + (b - '0');
        }

        return length;
    }

    private static bool TryChunkSize(ReadOnlySequence<byte> line, out long size)
    {
        size = 0;
        var digits = 0;
        foreach (var memory in line)
        {
            foreach (var b in memory.Span)
            {
                var digit = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                    _ => -1,
                };
                if (digit < 0)
                {
                    return digits > 0;
                }

                if (++digits > 15)
                {
                    return false;
                }

                size = (size * 16) + digit;
            }
        }

        return digits > 0;
    }

    private static bool StartsWith(ReadOnlySequence<byte> line, ReadOnlySpan<byte> prefix)
    {
        if (line.Length < prefix.Length)
        {
            return false;
        }

        Span<byte> start = stackalloc byte[prefix.Length];
        line.Slice(0, prefix.Length).CopyTo(start);
        return start.SequenceEqual(prefix);
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
