namespace NeighborBot.Tests.Infrastructure;

/// <summary>
/// Known-good values. The official one is Tencent's published WXBizMsgCrypt sample; the reply one was
/// produced independently with openssl (shared/research/wechat-protocol.md §1.5).
/// </summary>
public static class Vectors
{
    public const string Token = "QDG6eK";
    public const string AppId = "wx5823bf96d3bd56c7";
    public const string EncodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const string Timestamp = "1409659813";
    public const string Nonce = "1372623149";

    public const string OfficialMsgSignature = "477715d11cdb4164915debcba66cb864d751f3e6";

    public const string OfficialEncrypt =
        "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

    public const string ReplyPlaintext =
        "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[报修已受理]]></Content></xml>";

    public const string ReplyEncrypt =
        "2JaQ0H0H/TuqGM/rDRTvaxU/A798wsY5eAcazDOEDfrm0eWiyo4mR3Y8wEf9xXikZi24j7AI0zx6v0M4MaMaNVui2QFsx6Rifu4VQt9rB9wRtrLJ7aSASQDBqT3e9F/E3mi0SmljAUNnflctPkgGx2Lf1Wj9XS8wuC79R14UG5F+lQtpgUgHYIFK8bQF5a0iaj0vSiGBGthNFsXb8EP/CISIOSSihV1qc+txnzMOt0w1m8rR8MLEz7J+uvAllFC48aVe8EMbPMqw7UxuCeXeeV9Uw09eXvnSqxBK12bMCKsd9JGGEYpsXjyz/hAcJNMHiyifwgz+TnuOoK0eYY7QhTcCmLB1hqCUBkYnv14RUY0LuKir1Y7UsDPT0ECtu3S5";

    public const string ReplyMsgSignature = "59e32196e4868e99ce56d69a3bd847a113e9d1a4";
    public const string GetSignature = "d2157f2f9079f4d6257b45edf665c43c62e60a0a";
}
