using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Compliant.AI;

/// <summary>
/// The embedded audit sink: an append-only, HMAC-chained JSON Lines ledger on the local file system, with group
/// commit, size and daily rolling, a MACed checkpoint and fail-closed writes.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="WriteAsync"/> queues the record (waiting when the bounded queue is full) and completes only after the
/// single writer has written and flushed (<c>fsync</c>) the batch holding it. Concurrent appends share one write and
/// one flush per batch. If a write or flush fails, every append of that batch fails with
/// <see cref="AuditWriteException"/> and the ledger goes faulted: it refuses further appends until it is reopened
/// (the process cannot know what reached the disk after a failed flush, so it does not extend that chain; reopening
/// re-verifies the tail).
/// </para>
/// <para>
/// When it opens, the ledger verifies its current file (and that the file reaches the checkpoint). A torn final line
/// from a crash is cut when <see cref="AuditLedgerOptions.RepairTornTailOnOpen"/> is on (the default); any other
/// problem makes every append fail with <see cref="AuditLedgerCorruptedException"/> until the ledger is repaired.
/// One ledger directory is used by one process at a time (an exclusive lock file enforces it). Every slot of the
/// local checkpoint must be valid and name a line of the ledger, and a ledger with lines but no checkpoint is refused.
/// </para>
/// <para>
/// With an <see cref="IAuditCheckpointWitness"/> (<see cref="AuditLedgerOptions.WitnessPath"/> or the constructor),
/// the ledger publishes its MACed head every <see cref="AuditLedgerOptions.WitnessRecordInterval"/> lines or
/// <see cref="AuditLedgerOptions.WitnessTimeInterval"/>, and on close; when it opens, a ledger that does not reach the
/// witnessed head is refused (<see cref="AuditLedgerProblem.TruncatedTail"/>), and a torn line at or before that head
/// is never cut. A failed publication is logged and retried at the next one; appends do not wait for the witness.
/// </para>
/// <para>All members are thread-safe. The key is never written to the ledger, to logs or to exceptions.</para>
/// </remarks>
public sealed class FileAuditLedger : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly string _directory;
    private readonly LedgerKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string, FileMode, FileStream> _openFile;
    private readonly long _maxFileBytes;
    private readonly bool _rollDaily;
    private readonly int _maxBatchSize;
    private readonly int _maxRecordBytes;
    private readonly TimeSpan _clockSkewTolerance;
    private readonly TimeSpan _clockJumpTolerance;
    private readonly IAuditCheckpointWitness? _witness;
    private readonly int _witnessRecordInterval;
    private readonly TimeSpan _witnessTimeInterval;
    private readonly SemaphoreSlim _witnessGate = new(1, 1);
    private readonly ITimer? _witnessTimer;
    private long _witnessedSeq = -1;
    private long _witnessedAt;
    private bool _witnessClosed;
    private DateTimeOffset _clockAnchor;
    private long _clockAnchorTimestamp;
    private readonly Channel<PendingAppend> _queue;
    private readonly FileStream _lock;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<PendingAppend> _segment = [];
    private readonly Task _writer;

    private FileStream? _file;
    private SafeFileHandle? _checkpoint;
    private int _checkpointSlot;
    private string? _fileName;
    private long _fileNumber;
    private long _fileLength;
    private DateOnly _fileDay;
    private long _seq;
    private byte[] _lastMac = new byte[LedgerFormat.MacBytes];
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;
    private string? _lastKeyId;
    private volatile Exception? _refusal;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="FileAuditLedger"/> class and opens (or creates) the ledger.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock for line timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="key">
    /// The key to write with; when <see langword="null"/> it comes from <see cref="AuditLedgerOptions.Key"/> or the
    /// environment variable <see cref="AuditLedgerOptions.KeyEnvironmentVariable"/>. Its id replaces <see cref="AuditLedgerOptions.KeyId"/>.
    /// </param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid, or no usable key is configured (the message says which).</exception>
    /// <exception cref="AuditWriteException">The directory cannot be created or written, or another process holds the ledger.</exception>
    /// <param name="witness">
    /// The checkpoint witness that keeps the ledger's head outside its folder; when <see langword="null"/>, a
    /// <see cref="FileAuditCheckpointWitness"/> at <see cref="AuditLedgerOptions.WitnessPath"/> when that is set, else none.
    /// It is read once while the ledger opens, on the constructing thread.
    /// </param>
    public FileAuditLedger(AuditLedgerOptions options, TimeProvider? timeProvider = null, ILogger<FileAuditLedger>? logger = null, AuditKey? key = null, IAuditCheckpointWitness? witness = null)
        : this(options, timeProvider, logger, openFile: null, key, witness)
    {
    }

    internal FileAuditLedger(AuditLedgerOptions options, TimeProvider? timeProvider, ILogger? logger, Func<string, FileMode, FileStream>? openFile, AuditKey? key = null, IAuditCheckpointWitness? witness = null)
    {
        Throw.IfNull(options);
        AuditLedgerOptionsValidation.ThrowIfInvalid(options, keyGiven: key is not null);
        key ??= AuditLedgerOptionsValidation.ResolveKey(options);

        _keys = LedgerKeys.From(key);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _openFile = openFile ?? DefaultOpenFile;
        _maxFileBytes = options.MaxFileBytes;
        _rollDaily = options.RollDaily;
        _maxBatchSize = options.MaxBatchSize;
        _maxRecordBytes = options.MaxRecordBytes;
        _clockSkewTolerance = options.ClockSkewTolerance;
        _clockJumpTolerance = options.ClockJumpTolerance;
        _witness = witness ?? (string.IsNullOrWhiteSpace(options.WitnessPath) ? null : new FileAuditCheckpointWitness(options.WitnessPath));
        _witnessRecordInterval = options.WitnessRecordInterval;
        _witnessTimeInterval = options.WitnessTimeInterval;
        _directory = Path.GetFullPath(options.Directory);

        try
        {
            System.IO.Directory.CreateDirectory(_directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new AuditWriteException($"The audit ledger directory '{_directory}' cannot be created or opened.", ex);
        }

        try
        {
            _lock = new FileStream(Path.Combine(_directory, LedgerFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException($"The audit ledger directory '{_directory}' is not writable, or another process is using this ledger.", ex);
        }

        try
        {
            Open(options.RepairTornTailOnOpen);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _file?.Dispose();
            _lock.Dispose();
            throw new AuditWriteException($"The audit ledger in '{_directory}' cannot be opened for writing.", ex);
        }

        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _clockAnchor = _time.GetUtcNow();
        _clockAnchorTimestamp = _time.GetTimestamp();
        _witnessedAt = _clockAnchorTimestamp;
        _writer = Task.Run(RunWriterAsync);
        if (_witness is not null && _refusal is null)
        {
            _witnessTimer = _time.CreateTimer(static state => ((FileAuditLedger)state!).OnWitnessTimer(), this, _witnessTimeInterval, _witnessTimeInterval);
        }
    }

    /// <summary>Gets the full path of the ledger directory.</summary>
    public string DirectoryPath => _directory;

    /// <summary>Gets the key id new lines are written with.</summary>
    public string KeyId => _keys.KeyId;

    /// <summary>Gets the problem found when opening, when the ledger refuses appends because of it; otherwise <see langword="null"/>.</summary>
    public AuditLedgerVerificationResult? OpenProblem { get; private set; }

    /// <summary>Gets a value indicating whether the ledger refuses appends (not intact on open, or faulted after a failed write).</summary>
    public bool IsRefusingAppends => _refusal is not null;

    /// <summary>Gets the sequence number of the last durable line (0 for an empty ledger); read by health checks.</summary>
    internal long HeadSequence => Interlocked.Read(ref _seq);

    /// <inheritdoc />
    /// <exception cref="AuditRecordTooLargeException">The serialized record exceeds <see cref="AuditLedgerOptions.MaxRecordBytes"/>.</exception>
    /// <exception cref="AuditClockException">The clock is behind the ledger's last line by more than the tolerance.</exception>
    /// <exception cref="AuditLedgerCorruptedException">The ledger was not intact when opened.</exception>
    /// <exception cref="AuditWriteException">The record could not be made durable.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(record);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ThrowIfRefusing();

        long start = Stopwatch.GetTimestamp();
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(record, AuditJsonContext.Default.AuditRecord);
        if (bytes.Length > _maxRecordBytes)
        {
            AuditLedgerLog.RecordTooLarge(_logger, bytes.Length, _maxRecordBytes);
            CompliantTelemetry.AuditInstruments.RecordFailure(nameof(AuditRecordTooLargeException));
            throw new AuditRecordTooLargeException(string.Create(CultureInfo.InvariantCulture, $"The audit record is {bytes.Length} bytes serialized; the ledger accepts at most {_maxRecordBytes} bytes (MaxRecordBytes). Nothing was written."));
        }

        var pending = new PendingAppend(bytes, start);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(FileAuditLedger));
        }

        await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting appends, writes and flushes every queued append, and closes the ledger.</summary>
    /// <returns>A task that completes when the ledger is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await CloseWitnessAsync().ConfigureAwait(false);
        Close();
    }

    /// <summary>Stops accepting appends, writes and flushes every queued append, and closes the ledger (blocking).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        CloseWitnessAsync().GetAwaiter().GetResult();
        Close();
    }

    private static FileStream DefaultOpenFile(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1, FileOptions.None);

    private void Close()
    {
        _file?.Dispose();
        _file = null;
        _checkpoint?.Dispose();
        _checkpoint = null;
        _witnessTimer?.Dispose();
        _lock.Dispose();
    }

    private void ThrowIfRefusing()
    {
        Exception? refusal = _refusal;
        if (refusal is null)
        {
            return;
        }

        CompliantTelemetry.AuditInstruments.RecordFailure(refusal.GetType().Name);
        throw refusal switch
        {
            AuditLedgerCorruptedException corrupted when corrupted.Verification is not null => new AuditLedgerCorruptedException(corrupted.Verification),
            AuditLedgerCorruptedException corrupted => new AuditLedgerCorruptedException(corrupted.Message),
            _ => new AuditWriteException("The audit ledger is faulted after a failed write and refuses appends until it is reopened.", refusal),
        };
    }

    private void Refuse(AuditLedgerVerificationResult result)
    {
        OpenProblem = result;
        _refusal = new AuditLedgerCorruptedException(result);
        AuditLedgerLog.Corrupted(_logger, _directory, result.Problem, result.FileName, result.LineNumber);
    }

    private void Open(bool repairTornTail)
    {
        var keys = new Dictionary<string, LedgerKeys>(StringComparer.Ordinal) { [_keys.KeyId] = _keys };
        List<(long Number, string Path)> files = LedgerFormat.ListFiles(_directory);
        CheckpointReadResult? checkpointRead = LedgerCheckpoint.TryRead(_directory, keys);
        WitnessState? witness = null;
        if (_witness is not null)
        {
            (AuditCheckpoint? witnessed, Exception? error) = LedgerWitness.Read(_witness);
            witness = new WitnessState(witnessed, error);
            _witnessedSeq = witnessed?.Sequence ?? -1;
        }

        bool checkpointBad = checkpointRead is { Problem: AuditLedgerProblem.BadCheckpoint };
        LedgerCheckpoint? checkpoint = checkpointBad ? null : checkpointRead?.Checkpoint;
        if (files.Count == 0)
        {
            OpenEmpty(checkpointRead, checkpoint, witness, keys, files);
            return;
        }

        if (checkpointRead is null && files.Exists(static f => new FileInfo(f.Path).Length > 0))
        {
            // The witness, when there is one, is the stronger evidence: report what it proves was removed.
            if (witness?.Checkpoint is { } witnessed && LedgerWitness.Authenticate(witnessed, keys) is { HeadMac: { } head })
            {
                var (problem, file, reason) = LedgerPosition.Check(files, witnessed.FileName, witnessed.Sequence, witnessed.Length, head, LedgerWitness.Name);
                if (problem != AuditLedgerProblem.None)
                {
                    Refuse(new AuditLedgerVerificationResult { Problem = problem, FileName = file, Reason = reason });
                    return;
                }
            }

            Refuse(new AuditLedgerVerificationResult
            {
                Problem = AuditLedgerProblem.MissingCheckpoint,
                FileName = LedgerFormat.CheckpointFileName,
                Reason = "the ledger has lines but its checkpoint file is missing, so a removed tail cannot be ruled out; verify the ledger (with its witness) and investigate",
            });
            return;
        }

        (long number, string path) = files[^1];
        string name = Path.GetFileName(path);
        if (checkpoint?.File is { } checkpointFile
            && LedgerFormat.TryParseFileName(checkpointFile, out long checkpointNumber, out _)
            && checkpointNumber > number)
        {
            Refuse(new AuditLedgerVerificationResult
            {
                Problem = AuditLedgerProblem.TruncatedTail,
                FileName = checkpointFile,
                Reason = string.Create(CultureInfo.InvariantCulture, $"the checkpoint names file {checkpointFile} (sequence {checkpoint.Seq}), which is missing"),
            });
            return;
        }

        var scanner = new LedgerScanner(keys, tolerateUnknownKeys: true);
        scanner.NoteCheckpoint(checkpointRead);
        if (number == 1)
        {
            scanner.AnchorGenesis();
        }
        else if (files.Count < 2 || files[^2].Number != number - 1)
        {
            Refuse(new AuditLedgerVerificationResult
            {
                Problem = AuditLedgerProblem.MissingFile,
                FileName = name,
                Reason = string.Create(CultureInfo.InvariantCulture, $"ledger file number {number - 1} is missing before this file"),
            });
            return;
        }
        else if (!TryAnchorToPreviousFile(scanner, files[^2].Path))
        {
            return;
        }

        byte[] data = File.ReadAllBytes(path);
        bool scanned = scanner.ScanFile(name, data, isLastFile: true, checkpoint);
        if (!scanned && scanner.Problem == AuditLedgerProblem.WrongKey)
        {
            Refuse(ScanResult(scanner));
            return;
        }

        if (checkpointBad)
        {
            Refuse(new AuditLedgerVerificationResult { Problem = AuditLedgerProblem.BadCheckpoint, FileName = LedgerFormat.CheckpointFileName, Reason = checkpointRead!.Reason });
            return;
        }

        bool tornAndCuttable = !scanned && scanner.Problem == AuditLedgerProblem.TornFinalLine && scanner.TornOffset >= 0;
        if (!scanned && !tornAndCuttable)
        {
            Refuse(ScanResult(scanner));
            return;
        }

        // Every position something acknowledged (the older checkpoint slot, the witness) must still be in the ledger,
        // before anything is cut: a torn line at or before a witnessed head is a removed tail, not a crash.
        if (!CheckOlderSlot(checkpointRead, files) || !CheckWitness(witness, keys, files, scanner.ExpectedSeq - 1, ledgerHasLines: true))
        {
            return;
        }

        if (tornAndCuttable)
        {
            if (!repairTornTail)
            {
                Refuse(ScanResult(scanner));
                return;
            }

            RepairOutcome repaired = LedgerRepairCore.CutTornTail(
                _directory, path, scanner.TornOffset, scanner.ProblemLine ?? 0, _keys, scanner.ExpectedSeq - 1, scanner.LastMac,
                scanner.LastKeyId, scanner.LastTimestamp, _time.GetUtcNow(), _openFile);
            AuditLedgerLog.TornTailRepaired(_logger, repaired.RemovedBytes, repaired.File, repaired.Line);
            _seq = repaired.Seq;
            _lastMac = repaired.Mac;
            _lastTimestamp = repaired.Timestamp;
            _lastKeyId = _keys.KeyId;
            OpenCurrentFile(number, path, repaired.FileLength);
            AuditLedgerLog.Opened(_logger, _directory, _seq, _keys.KeyId);
            return;
        }

        if (scanner.SawUnknownKey)
        {
            AuditLedgerLog.TailCheckedStructurally(_logger);
        }

        _seq = scanner.ExpectedSeq - 1;
        _lastMac = scanner.LastMac;
        _lastTimestamp = scanner.LastTimestamp;
        _lastKeyId = scanner.LastKeyId;
        OpenCurrentFile(number, path, data.Length);
        AuditLedgerLog.Opened(_logger, _directory, _seq, _keys.KeyId);
    }

    private void OpenEmpty(CheckpointReadResult? checkpointRead, LedgerCheckpoint? checkpoint, WitnessState? witness, Dictionary<string, LedgerKeys> keys, List<(long Number, string Path)> files)
    {
        if (checkpoint is { Seq: > 0 })
        {
            Refuse(new AuditLedgerVerificationResult
            {
                Problem = AuditLedgerProblem.TruncatedTail,
                FileName = checkpoint.File,
                Reason = string.Create(CultureInfo.InvariantCulture, $"the checkpoint names sequence {checkpoint.Seq}, but the directory has no ledger files"),
            });
            return;
        }

        if (checkpointRead is { Problem: AuditLedgerProblem.BadCheckpoint })
        {
            Refuse(new AuditLedgerVerificationResult { Problem = AuditLedgerProblem.BadCheckpoint, FileName = LedgerFormat.CheckpointFileName, Reason = checkpointRead.Reason });
            return;
        }

        if (!CheckWitness(witness, keys, files, lastSeq: 0, ledgerHasLines: false))
        {
            return;
        }

        LedgerCheckpoint.Empty(_keys.KeyId, _time.GetUtcNow()).WriteBoth(_directory, _keys);
        if (_witness is not null && witness?.Checkpoint is null)
        {
            // The genesis head: from now on a witness without a checkpoint means a wrong or reset witness, never a crash.
            _witnessedSeq = -1;
            PublishWitnessAsync().AsTask().GetAwaiter().GetResult();
        }

        AuditLedgerLog.Opened(_logger, _directory, 0, _keys.KeyId);
    }

    private bool CheckOlderSlot(CheckpointReadResult? checkpointRead, List<(long Number, string Path)> files)
    {
        if (checkpointRead?.Older is not { } older)
        {
            return true;
        }

        var (problem, file, reason) = LedgerPosition.Check(files, older.File, older.Seq, older.Length, older.Mac, "the older checkpoint slot");
        if (problem == AuditLedgerProblem.None)
        {
            return true;
        }

        Refuse(new AuditLedgerVerificationResult { Problem = problem, FileName = file ?? LedgerFormat.CheckpointFileName, Reason = reason });
        return false;
    }

    private bool CheckWitness(WitnessState? witness, Dictionary<string, LedgerKeys> keys, List<(long Number, string Path)> files, long lastSeq, bool ledgerHasLines)
    {
        if (witness is null)
        {
            return true;
        }

        var (problem, file, reason) = LedgerWitness.Check(witness, keys, tolerateUnknownKeys: true, files, lastSeq, ledgerHasLines);
        if (problem == AuditLedgerProblem.None)
        {
            return true;
        }

        Refuse(new AuditLedgerVerificationResult { Problem = problem, FileName = file, Reason = reason });
        return false;
    }

    private static AuditLedgerVerificationResult ScanResult(LedgerScanner scanner) => new()
    {
        Problem = scanner.Problem,
        FileName = scanner.ProblemFile,
        LineNumber = scanner.ProblemLine,
        Reason = scanner.Reason,
        LineCount = scanner.LineCount,
        RecordCount = scanner.RecordCount,
        FileCount = 1,
    };

    private bool TryAnchorToPreviousFile(LedgerScanner scanner, string previousPath)
    {
        byte[] previous = File.ReadAllBytes(previousPath);
        List<(int Start, int Length, bool Terminated)> lines = LedgerScanner.SplitLines(previous);
        if (lines.Count > 0 && lines[^1].Terminated
            && LedgerFormat.TryParseLine(previous.AsSpan(lines[^1].Start, lines[^1].Length), out LedgerLine last, out _))
        {
            scanner.Anchor(last);
            return true;
        }

        Refuse(new AuditLedgerVerificationResult
        {
            Problem = AuditLedgerProblem.BadJson,
            FileName = Path.GetFileName(previousPath),
            LineNumber = lines.Count,
            Reason = "the last line of the previous ledger file is missing or not a valid ledger line",
        });
        return false;
    }

    private void OpenCurrentFile(long number, string path, long length)
    {
        _fileNumber = number;
        _fileName = Path.GetFileName(path);
        _fileDay = LedgerFormat.TryParseFileName(_fileName, out _, out DateOnly day) ? day : default;
        _file = _openFile(path, FileMode.Open);
        _file.Seek(length, SeekOrigin.Begin);
        _fileLength = length;
    }

    private async Task RunWriterAsync()
    {
        ChannelReader<PendingAppend> reader = _queue.Reader;
        var batch = new List<PendingAppend>(Math.Min(_maxBatchSize, 1024));
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out PendingAppend? pending))
            {
                batch.Add(pending);
            }

            if (_witness is null)
            {
                WriteBatch(batch);
            }
            else
            {
                await _witnessGate.WaitAsync().ConfigureAwait(false);
                try
                {
                    WriteBatch(batch);
                    if (WitnessDue())
                    {
                        await PublishWitnessAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    _witnessGate.Release();
                }
            }

            batch.Clear();
        }
    }

    private bool WitnessDue() =>
        _refusal is null && _seq > _witnessedSeq
        && (_seq - Math.Max(_witnessedSeq, 0) >= _witnessRecordInterval || _time.GetElapsedTime(_witnessedAt) >= _witnessTimeInterval);

    /// <summary>Publishes the durable head to the witness; the caller holds the witness gate (or is opening). Failures are logged.</summary>
    private async ValueTask PublishWitnessAsync()
    {
        if (_witness is null || _refusal is not null || _seq <= _witnessedSeq)
        {
            return;
        }

        AuditCheckpoint checkpoint = LedgerWitness.Create(_keys, _fileName, _seq, _fileLength, _lastMac, _lastTimestamp);
        _witnessedAt = _time.GetTimestamp();
        try
        {
            await _witness.PublishAsync(checkpoint).ConfigureAwait(false);
            _witnessedSeq = checkpoint.Sequence;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AuditLedgerLog.WitnessFailed(_logger, ex, checkpoint.Sequence);
        }
    }

    /// <summary>Gets the publication started by the latest timer tick (tests await it).</summary>
    internal Task WitnessTimerTask { get; private set; } = Task.CompletedTask;

    private void OnWitnessTimer()
    {
        WitnessTimerTask = PublishFromTimerAsync();
    }

    private async Task PublishFromTimerAsync()
    {
        await _witnessGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_witnessClosed)
            {
                await PublishWitnessAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _witnessGate.Release();
        }
    }

    /// <summary>On close: stops the timer and publishes the final head, so a clean shutdown leaves no unwitnessed lines.</summary>
    private async Task CloseWitnessAsync()
    {
        if (_witness is null)
        {
            return;
        }

        _witnessTimer?.Dispose();
        await _witnessGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_witnessClosed)
            {
                _witnessClosed = true;
                if (_file is not null || _seq > 0)
                {
                    await PublishWitnessAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _witnessGate.Release();
        }
    }

    /// <summary>Publishes the head to the witness now (tests; and the ledger's close).</summary>
    internal async Task PublishWitnessNowAsync()
    {
        await _witnessGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await PublishWitnessAsync().ConfigureAwait(false);
        }
        finally
        {
            _witnessGate.Release();
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        if (_refusal is not null)
        {
            foreach (PendingAppend pending in batch)
            {
                try
                {
                    ThrowIfRefusing();
                }
                catch (AuditWriteException ex)
                {
                    pending.TrySetException(ex);
                }
            }

            return;
        }

        using Activity? activity = CompliantTelemetry.ActivitySource.HasListeners()
            ? CompliantTelemetry.ActivitySource.StartActivity(CompliantTelemetry.Spans.AuditAppend, ActivityKind.Internal)
            : null;
        activity?.SetTag(CompliantTelemetry.Metrics.AuditBatchSize, batch.Count);

        _buffer.ResetWrittenCount();
        _segment.Clear();
        try
        {
            Span<byte> mac = stackalloc byte[LedgerFormat.MacBytes];
            foreach (PendingAppend pending in batch)
            {
                DateTimeOffset now = _time.GetUtcNow();
                TimeSpan ahead = now - (_clockAnchor + _time.GetElapsedTime(_clockAnchorTimestamp));
                if (ahead > _clockJumpTolerance)
                {
                    AuditLedgerLog.ClockJumpedAhead(_logger, ahead.TotalSeconds, _clockJumpTolerance.TotalSeconds);
                    CompliantTelemetry.AuditInstruments.RecordFailure(nameof(AuditClockException));
                    pending.TrySetException(new AuditClockException(string.Create(CultureInfo.InvariantCulture,
                        $"The clock jumped {ahead.TotalSeconds:0.###} s ahead of the time elapsed since the audit ledger's previous line (tolerance {_clockJumpTolerance.TotalSeconds:0.###} s, ClockJumpTolerance); the record was not written. Appends succeed again when the clock is corrected, or after a restart.")));
                    continue;
                }

                if (now < _lastTimestamp)
                {
                    TimeSpan behind = _lastTimestamp - now;
                    if (behind > _clockSkewTolerance)
                    {
                        AuditLedgerLog.ClockWentBackwards(_logger, behind.TotalSeconds, _clockSkewTolerance.TotalSeconds);
                        CompliantTelemetry.AuditInstruments.RecordFailure(nameof(AuditClockException));
                        pending.TrySetException(new AuditClockException(string.Create(CultureInfo.InvariantCulture,
                            $"The clock is {behind.TotalSeconds:0.###} s behind the audit ledger's last line (tolerance {_clockSkewTolerance.TotalSeconds:0.###} s); the record was not written and nothing written was changed. If the ledger's time is wrong (a clock that jumped ahead), stop the application and run 'compliant audit repair DIR --accept-clock'.")));
                        continue;
                    }

                    now = _lastTimestamp;
                }

                int estimate = pending.Record.Length + 512;
                if (NeedsNewFile(now, estimate))
                {
                    Commit();
                    StartNewFile(now);
                }

                if (!string.Equals(_lastKeyId, _keys.KeyId, StringComparison.Ordinal) && _lastKeyId is not null)
                {
                    LedgerFormat.WriteLine(_buffer, _keys, _seq + 1, now, LedgerFormat.KindKey, _lastMac, LedgerRepairCore.WriteKeyPayload, _lastKeyId, mac);
                    AuditLedgerLog.KeyRotated(_logger, _lastKeyId, _keys.KeyId, _seq + 1);
                    Advance(mac, now);
                }

                LedgerFormat.WriteLine(_buffer, _keys, _seq + 1, now, LedgerFormat.KindRecord, _lastMac, WriteRecordPayload, pending.Record, mac);
                Advance(mac, now);
                _clockAnchor = now;
                _clockAnchorTimestamp = _time.GetTimestamp();
                _segment.Add(pending);
            }

            Commit();
        }
        catch (Exception ex)
        {
            // I/O failures (and anything unexpected): fail the whole batch and go faulted, so no append ever hangs
            // and no later batch extends a chain whose on-disk state is unknown.
            _refusal = ex;
            AuditLedgerLog.WriteFailed(_logger, ex, batch.Count);
            int failed = 0;
            foreach (PendingAppend pending in batch)
            {
                if (pending.TrySetException(new AuditWriteException("The audit record could not be made durable: writing or flushing the ledger failed. The ledger refuses further appends until it is reopened.", ex)))
                {
                    failed++;
                }
            }

            CompliantTelemetry.AuditInstruments.RecordFailure(nameof(AuditWriteException), failed);
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag(CompliantTelemetry.Tags.ErrorType, ex.GetType().FullName);
        }
    }

    private static void WriteRecordPayload(Utf8JsonWriter writer, object? record)
    {
        writer.WritePropertyName("rec"u8);
        writer.WriteRawValue((byte[])record!, skipInputValidation: true);
    }

    private void Advance(ReadOnlySpan<byte> mac, DateTimeOffset now)
    {
        _seq++;
        _lastMac = mac.ToArray();
        _lastTimestamp = now;
        _lastKeyId = _keys.KeyId;
    }

    private bool NeedsNewFile(DateTimeOffset now, int estimate)
    {
        if (_file is null)
        {
            return true;
        }

        if (_rollDaily && DateOnly.FromDateTime(now.UtcDateTime) != _fileDay)
        {
            return true;
        }

        long size = _fileLength + _buffer.WrittenCount;
        return size > 0 && size + estimate > _maxFileBytes;
    }

    private void StartNewFile(DateTimeOffset now)
    {
        _file?.Dispose();
        _file = null;
        long number = _fileNumber + 1;
        string name = LedgerFormat.FileName(number, now);
        _file = _openFile(Path.Combine(_directory, name), FileMode.CreateNew);
        _fileNumber = number;
        _fileName = name;
        _fileLength = 0;
        _fileDay = DateOnly.FromDateTime(now.UtcDateTime);
        AuditLedgerLog.FileRolled(_logger, name);
    }

    /// <summary>Writes the buffered lines with one write and one flush to disk, then completes their appends.</summary>
    private void Commit()
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        FileStream file = _file!;
        file.Write(_buffer.WrittenSpan);
        file.Flush(flushToDisk: true);
        _fileLength += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();

        long now = Stopwatch.GetTimestamp();
        int count = _segment.Count;
        foreach (PendingAppend pending in _segment)
        {
            if (pending.TrySetResult() && CompliantTelemetry.AuditInstruments.AppendDuration.Enabled)
            {
                CompliantTelemetry.AuditInstruments.AppendDuration.Record(Stopwatch.GetElapsedTime(pending.StartTimestamp, now).TotalSeconds);
            }
        }

        _segment.Clear();
        if (count > 0)
        {
            CompliantTelemetry.AuditInstruments.RecordsWritten.Add(count);
            CompliantTelemetry.AuditInstruments.BatchSize.Record(count);
        }

        try
        {
            if (_checkpoint is null)
            {
                CheckpointReadResult? current = LedgerCheckpoint.TryRead(_directory, new Dictionary<string, LedgerKeys>(StringComparer.Ordinal) { [_keys.KeyId] = _keys });
                _checkpointSlot = current is { Checkpoint: not null } ? 1 - current.Slot : 0;
                _checkpoint = LedgerCheckpoint.OpenHandle(_directory);
            }

            new LedgerCheckpoint(_fileName, _seq, _fileLength, _lastMac, _keys.KeyId, _lastTimestamp).WriteSlot(_checkpoint, _checkpointSlot, _keys);
            _checkpointSlot = 1 - _checkpointSlot;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuditLedgerLog.CheckpointFailed(_logger, ex);
        }
    }
}
