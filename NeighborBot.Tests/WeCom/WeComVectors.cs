namespace NeighborBot.Tests.WeCom;

/// <summary>
/// Known-good values for a WeCom smart robot (receive id <c>""</c>), computed once, independently of
/// NeighborBot's code, with Python 3 and the <c>cryptography</c> package: AES-256-CBC without padding over
/// <c>random(16) ‖ uint32-BE length ‖ message ‖ ""</c>, PKCS#7-padded by hand to 32 bytes, key =
/// Base64(EncodingAESKey + "="), IV = the key's first 16 bytes; signatures are hashlib's SHA-1 over the
/// parts sorted and joined. The 16 random bytes were fixed (given beside each value) so the
/// ciphertexts are reproducible. The plaintexts follow WeCom's documentation (接收消息, 被动回复消息).
/// </summary>
public static class WeComVectors
{
    public const string Token = "wecomToken2026";
    public const string EncodingAesKey = "fZ8kGu3bQ4mW2yJx7vN0pLcR5tE9sHaD1oKiUqYgBnM";
    public const string Timestamp = "1764979200";
    public const string Nonce = "1372623149";

    /// <summary>URL verification: <see cref="EchoPlain"/> sealed with random "0123456789abcdef".</summary>
    public const string EchoPlain = "8260183449375913412";

    public const string EchoStr = "T20PDIg4TZz20s2gpAK9ym1J/KxcvfZd2v01aylKE3ujEYxZmbh1lKaX7PKbq4RvcY4FIRaHVRil/v+zZ4HCzg==";

    /// <summary>SHA-1 of the sorted token, timestamp, nonce and echostr.</summary>
    public const string EchoSignature = "dc18abc6022d266f51acb82e81cb40a3486ca64e";

    /// <summary>A group text message that mentions the robot, as WeCom pushes it (compact JSON).</summary>
    public const string PostPlain =
        """{"msgid":"CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=","aibotid":"AIBOTID","chatid":"wrkSFfCgAAtMQKg4xqDatM5C9IpRz8JA","chattype":"group","from":{"userid":"zhangsan"},"response_url":"https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RESPONSE_CODE","msgtype":"text","text":{"content":"@社区小助手 3号楼2单元楼道灯坏了"}}""";

    /// <summary><see cref="PostPlain"/> sealed with random "fedcba9876543210".</summary>
    public const string PostEncrypt =
        "3Q2ctOHqRQzVyYHZhuPI9UGFk/M4uvlYuD8y/fNMMmxXTCcudjBhQAGThr3UblNT1HXOoy/2aeDfUmIal1D3smewK1exyQNkYgmOQ4SaFu+V1e2UDuQKnin9ArurML4R91ansyl8mtTk14VGMC+jHy9jQw7kp/zTsI3+9ieUJzYAzo5DvZDSlhAkF93ZAs2CCZx2GkGYGoB2BOu7P+VU5G9PbULUtns4xM1jeWPO3L7C30qa30jUkNTXDKRmbgAX8/z3DTE7AwOHZLp/3wXmMjwEXu5vWIN7R1jJbFxGLWLlwuw8VfqEtj3zkCPeegWiLEy84+FCR32gnuh3+tcT6XYrZ4Ynvv6NyqxUU+i5/kbDQno5GFljWwCX01xdhchAVArG4EGgUBkzOQBp/+pZpTyoQtRMWK9s7AF1pZUFVcOMhn7PhwTlXTe1f5Qdjckmvq5hRtheRUmB2hhwNIQkNS1w03o7lLFvdfo/dYBxzOYLdUAjn3NHQKXlIAq+9y/v";

    public const string PostSignature = "70b99a96479a824f2666a862eccee04ceae542f6";

    /// <summary>A finished stream answering <see cref="PostPlain"/>, as NeighborBot writes it.</summary>
    public const string ReplyPlain =
        """{"msgtype":"stream","stream":{"id":"CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=","finish":true,"content":"已受理，工单 0042，网格员会尽快联系。"}}""";

    /// <summary><see cref="ReplyPlain"/> sealed with random "aaaaaaaaaaaaaaaa".</summary>
    public const string ReplyEncrypt =
        "UB1R2XRwqtKGMQ0F0jExngHaNI3MvJrmFMSlgKcXCT+lqftI74g1uhWkfl5q9IYh5ccB7er3OqiSa9r+b3+o4/b3b4p94Z0GSY8qaLQDg9kAXFu4HY90mPvC3hnyKpn8jUBEziY5v7GjOdn3bfhwwfqCJaNtKOc6IgFjC3IB38XYREAx4sHOLw0nlqYoO6+RG1HlaJOoXSFfafuA23Y7EXZXin3FoE81GmUpKr7FF+EmBiQPvO8c01/+ccHg6gWn";

    /// <summary>The reply's msgsignature with timestamp "1764979201" and the callback's <see cref="Nonce"/>.</summary>
    public const string ReplyTimestamp = "1764979201";

    public const string ReplySignature = "c04c67e01d088f66f6c7ec55b68cc630dab6d744";

    /// <summary>"hello" sealed for the receive id "ww1234567890abcdef" (a corpid) with random "bbbbbbbbbbbbbbbb": not for a company's own robot.</summary>
    public const string SealedForCorp = "KHvCrLAaqjWD1gT6+cYez/ECUtrxnQLjEv4iDaV6M5NlSQu5A0uOGn9Zgsa/gQaSi1j3XGJPBraWySntX9uTVA==";
}
