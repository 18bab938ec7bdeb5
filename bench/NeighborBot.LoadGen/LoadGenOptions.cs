using System.Globalization;
using NeighborBot.Simulator;

namespace NeighborBot.LoadGen;

/// <summary><c>--name value</c> pairs; the account values are the ones the services under test are given.</summary>
internal sealed class LoadGenOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string Account => Get("account", "bench");
    public string Token => Get("token");
    public string AppId => Get("appid");
    public string AesKey => Get("aeskey");

    public DeliveryMode Mode => Get("mode", "safe") switch
    {
        "plain" => DeliveryMode.Plaintext,
        "compat" => DeliveryMode.Compatible,
        "safe" => DeliveryMode.Safe,
        var other => throw new ArgumentException($"--mode {other}: use plain, compat or safe."),
    };

    public static LoadGenOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new LoadGenOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            options._values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public string Get(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");

    public int GetInt(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public SimulatedWeChat WeChat() => new(Account, Token, AppId, AesKey);
}
