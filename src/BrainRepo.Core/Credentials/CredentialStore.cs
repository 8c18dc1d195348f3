using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrainRepo.Core.Credentials;

/// <summary>
/// Keeps remote tokens encrypted at rest with AES-256-GCM under a master key. The key comes from the
/// environment variable (<see cref="CredentialStoreOptions.KeyEnvironmentVariable"/>, base64 of 32 bytes)
/// or from a key file created with mode 0600 on first use. The token name is bound to its ciphertext as
/// associated data, so entries cannot be swapped.
/// </summary>
public sealed partial class CredentialStore
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int FormatVersion = 1;

    /// <summary>What a damaged credential file is renamed to (next to it) when a token is stored or removed over it.</summary>
    public const string DamagedSuffix = ".damaged";

    private readonly CredentialStoreOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public CredentialStore(
        CredentialStoreOptions options,
        ILogger<CredentialStore>? logger = null,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<CredentialStore>.Instance;
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Encrypts and stores <paramref name="token"/> under <paramref name="name"/> (for example the remote name).</summary>
    public async Task SetTokenAsync(string name, SecretToken token, CancellationToken cancellationToken)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(token);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = LoadKey(createIfMissing: true)!;
            var file = await ReadFileAsync(setAsideIfDamaged: true, cancellationToken).ConfigureAwait(false);
            file.Entries[name] = Encrypt(key, name, token.Reveal());
            await WriteFileAsync(file, cancellationToken).ConfigureAwait(false);
            CryptographicOperations.ZeroMemory(key);
            LogMessages.TokenStored(_logger, name);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The token stored under <paramref name="name"/>, or null when none was stored.
    /// </summary>
    /// <exception cref="CredentialDecryptionException">A token is stored but the key is missing or wrong.</exception>
    /// <exception cref="CredentialFileException">The credential file is damaged or cannot be read.</exception>
    public async Task<SecretToken?> GetTokenAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await ReadFileAsync(setAsideIfDamaged: false, cancellationToken).ConfigureAwait(false);
            if (!file.Entries.TryGetValue(name, out var entry))
            {
                return null;
            }

            var key = LoadKey(createIfMissing: false);
            if (key is null)
            {
                LogMessages.DecryptFailed(_logger, name);
                throw new CredentialDecryptionException(
                    $"no master key: set {_options.KeyEnvironmentVariable} or restore the key file");
            }

            try
            {
                var plain = Decrypt(key, name, entry);
                if (plain.Length == 0)
                {
                    throw new CredentialDecryptionException("the stored token is empty");
                }

                return new SecretToken(plain);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                LogMessages.DecryptFailed(_logger, name);
                throw new CredentialDecryptionException(null, ex);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the token stored under <paramref name="name"/>; false when there was none.</summary>
    public async Task<bool> RemoveTokenAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await ReadFileAsync(setAsideIfDamaged: true, cancellationToken).ConfigureAwait(false);
            if (!file.Entries.Remove(name))
            {
                return false;
            }

            await WriteFileAsync(file, cancellationToken).ConfigureAwait(false);
            LogMessages.TokenRemoved(_logger, name);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Any(char.IsControl))
        {
            throw new ArgumentException("The credential name contains control characters.", nameof(name));
        }
    }

    private static StoredEntry Encrypt(byte[] key, string name, string token)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(name));
        }

        CryptographicOperations.ZeroMemory(plain);
        return new StoredEntry(Convert.ToBase64String(nonce), Convert.ToBase64String(cipher), Convert.ToBase64String(tag));
    }

    private static string Decrypt(byte[] key, string name, StoredEntry entry)
    {
        var nonce = Convert.FromBase64String(entry.Nonce);
        var cipher = Convert.FromBase64String(entry.Ciphertext);
        var tag = Convert.FromBase64String(entry.Tag);
        if (nonce.Length != NonceSize || tag.Length != TagSize)
        {
            throw new CryptographicException("malformed entry");
        }

        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(name));
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    private byte[]? LoadKey(bool createIfMissing)
    {
        var fromEnvironment = _getEnvironmentVariable(_options.KeyEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            LogMessages.KeyFromEnvironment(_logger, _options.KeyEnvironmentVariable);
            return DecodeKey(fromEnvironment, $"the environment variable {_options.KeyEnvironmentVariable}");
        }

        var keyFile = _options.EffectiveKeyFilePath;
        if (File.Exists(keyFile))
        {
            WarnIfTooOpen(keyFile);
            return DecodeKey(File.ReadAllText(keyFile), $"the key file {keyFile}");
        }

        if (!createIfMissing)
        {
            return null;
        }

        return CreateKeyFile(keyFile);
    }

    private byte[] CreateKeyFile(string keyFile)
    {
        var directory = Path.GetDirectoryName(keyFile)!;
        CreatePrivateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyFile, streamOptions))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(Convert.ToBase64String(key));
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        LogMessages.KeyFileCreated(_logger, keyFile);
        return key;
    }

    private void WarnIfTooOpen(string keyFile)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(keyFile);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
        {
            LogMessages.KeyFileTooOpen(_logger, keyFile, Convert.ToString((int)mode, 8));
        }
    }

    private static byte[] DecodeKey(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidMasterKeyException($"The master key in {source} is not valid base64.");
        }

        if (key.Length != KeySize)
        {
            throw new InvalidMasterKeyException($"The master key in {source} must be {KeySize} bytes (base64), not {key.Length}.");
        }

        return key;
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Reads the credential file (an empty store when there is none). A damaged file is a
    /// <see cref="CredentialFileException"/> naming it and the fix; with <paramref name="setAsideIfDamaged"/> (a token
    /// is about to be stored or removed, which replaces the file) it is renamed to <c>credentials.json.damaged</c>
    /// instead, and the store starts empty: the tokens in it could not be read anyway.
    /// </summary>
    private async Task<StoreFile> ReadFileAsync(bool setAsideIfDamaged, CancellationToken cancellationToken)
    {
        var path = _options.StoreFilePath;
        if (!File.Exists(path))
        {
            return new StoreFile { Version = FormatVersion };
        }

        StoreFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.StoreFile, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return SetAsideOrThrow(CredentialFileException.Damaged(path, "not valid JSON" + (ex.LineNumber is { } line ? $" at line {line + 1}" : ""), ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CredentialFileException.Unreadable(path, ex);
        }

        if (file is null)
        {
            return SetAsideOrThrow(CredentialFileException.Damaged(path, "empty"));
        }

        if (file.Version != FormatVersion)
        {
            throw new CredentialDecryptionException($"unknown credential file version {file.Version}");
        }

        if (file.Entries is null || file.Entries.Values.Any(e => e is null || e.Nonce is null || e.Ciphertext is null || e.Tag is null))
        {
            return SetAsideOrThrow(CredentialFileException.Damaged(path, "an entry is incomplete"));
        }

        return file;

        StoreFile SetAsideOrThrow(CredentialFileException damaged)
        {
            if (!setAsideIfDamaged)
            {
                LogMessages.FileDamaged(_logger, path);
                throw damaged;
            }

            File.Move(path, path + DamagedSuffix, overwrite: true);
            LogMessages.FileSetAside(_logger, path, path + DamagedSuffix);
            return new StoreFile { Version = FormatVersion };
        }
    }

    private async Task WriteFileAsync(StoreFile file, CancellationToken cancellationToken)
    {
        CreatePrivateDirectory(_options.StoreDirectory);
        var path = _options.StoreFilePath;
        var temp = path + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, streamOptions))
        {
            await JsonSerializer.SerializeAsync(stream, file, StoreJsonContext.Default.StoreFile, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
    }

    private sealed class StoreFile
    {
        public int Version { get; set; }

        public Dictionary<string, StoredEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed record StoredEntry(string Nonce, string Ciphertext, string Tag);

    /// <summary>Source-generated (reflection-free) JSON for the credential file; same shape as before.</summary>
    [System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
    [System.Text.Json.Serialization.JsonSerializable(typeof(StoreFile))]
    private sealed partial class StoreJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
}
