<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Herald::Apns</name>
    <message>
      <source>no %1 file given</source>
      <translation>未提供 %1 文件</translation>
    </message>
    <message>
      <source>cannot read the %1 file %2: %3</source>
      <translation>无法读取 %1 文件 %2：%3</translation>
    </message>
    <message>
      <source>the file holds no certificate with its private key</source>
      <translation>该文件中没有带私钥的证书</translation>
    </message>
    <message>
      <source>"%1" is not an Apple push certificate: its subject has no UID (the app's bundle id)</source>
      <translation>“%1”不是 Apple 推送证书：其主题中没有 UID（应用的 bundle id）</translation>
    </message>
    <message>
      <source>the certificate "%1" expired on %2: make a new one in the Apple developer account</source>
      <translation>证书“%1”已于 %2 过期：请在 Apple 开发者账号中新建一个</translation>
    </message>
    <message>
      <source>the certificate "%1" is not valid before %2</source>
      <translation>证书“%1”在 %2 之前无效</translation>
    </message>
    <message>
      <source>certificate "%1" for %2 (%3), expires %4</source>
      <translation>证书“%1”，用于 %2（%3），%4 到期</translation>
    </message>
    <message>
      <source>no APNs environment</source>
      <translation>没有 APNs 环境</translation>
    </message>
    <message>
      <source> and </source>
      <translation>和</translation>
    </message>
    <message>
      <source>no credentials</source>
      <translation>没有凭据</translation>
    </message>
    <message>
      <source>token key %1 of team %2 (%3)</source>
      <translation>团队 %2 的令牌密钥 %1（%3）</translation>
    </message>
    <message>
      <source>.p8 key</source>
      <translation>.p8 密钥</translation>
    </message>
    <message>
      <source>certificate</source>
      <translation>证书</translation>
    </message>
    <message>
      <source>private key</source>
      <translation>私钥</translation>
    </message>
    <message>
      <source>%1 holds no PEM certificate</source>
      <translation>%1 中没有 PEM 证书</translation>
    </message>
    <message>
      <source>%1 holds no private key Herald can read (wrong passphrase?)</source>
      <translation>%1 中没有 Herald 能读取的私钥（密码错误？）</translation>
    </message>
    <message>
      <source>the CA file %1 holds no PEM certificate</source>
      <translation>CA 文件 %1 中没有 PEM 证书</translation>
    </message>
    <message>
      <source>an %1 push</source>
      <translation>%1 推送</translation>
    </message>
    <message>
      <source>a %1 push</source>
      <translation>%1 推送</translation>
    </message>
    <message>
      <source>a device token is %1 to %2 hexadecimal characters, an even number</source>
      <translation>设备令牌是 %1 到 %2 个十六进制字符，且为偶数个</translation>
    </message>
    <message>
      <source>the topic (the app's bundle id) is missing</source>
      <translation>缺少主题（应用的 bundle id）</translation>
    </message>
    <message>
      <source>priority is 10, 5 or 1, not %1</source>
      <translation>优先级只能是 10、5 或 1，而不是 %1</translation>
    </message>
    <message>
      <source>a background push must have priority 5</source>
      <translation>后台推送的优先级必须是 5</translation>
    </message>
    <message>
      <source>the expiration is a UNIX time in seconds, or 0</source>
      <translation>过期时间是以秒为单位的 UNIX 时间，或 0</translation>
    </message>
    <message>
      <source>the collapse id is %1 bytes; at most %2</source>
      <translation>合并 id 有 %1 字节；最多 %2</translation>
    </message>
    <message>
      <source>apns-id is a lower-case UUID like 123e4567-e89b-12d3-a456-4266554400a0</source>
      <translation>apns-id 是小写的 UUID，例如 123e4567-e89b-12d3-a456-4266554400a0</translation>
    </message>
    <message>
      <source>the payload is empty</source>
      <translation>负载为空</translation>
    </message>
    <message>
      <source>the payload is not a JSON object (%1)</source>
      <translation>负载不是 JSON 对象（%1）</translation>
    </message>
    <message>
      <source>not an object</source>
      <translation>不是对象</translation>
    </message>
    <message>
      <source>interruption-level is one of %1</source>
      <translation>interruption-level 只能是 %1 之一</translation>
    </message>
    <message>
      <source>the payload is %1 bytes; %2 takes at most %3</source>
      <translation>负载有 %1 字节；%2 最多 %3</translation>
    </message>
    <message>
      <source>the key id is the 10 letters and digits Apple shows with the key (e.g. ABC123DEFG)</source>
      <translation>密钥 ID 是 Apple 与密钥一起显示的 10 个字母和数字（例如 ABC123DEFG）</translation>
    </message>
    <message>
      <source>the team id is the 10 letters and digits of your Apple developer team</source>
      <translation>团队 ID 是你的 Apple 开发者团队的 10 个字母和数字</translation>
    </message>
    <message>
      <source>the .p8 key is an %1 key, not the EC P-256 key Apple issues</source>
      <translation>.p8 密钥是 %1 密钥，不是 Apple 颁发的 EC P-256 密钥</translation>
    </message>
    <message>
      <source>the .p8 key cannot sign: %1</source>
      <translation>.p8 密钥无法签名：%1</translation>
    </message>
    <message>
      <source>libjwt could not start a token</source>
      <translation>libjwt 无法创建令牌</translation>
    </message>
    <message>
      <source>libjwt refused the key or the claims</source>
      <translation>libjwt 拒绝了密钥或声明</translation>
    </message>
    <message>
      <source>libjwt could not make an ES256 signature with it</source>
      <translation>libjwt 无法用它生成 ES256 签名</translation>
    </message>
    <message>
      <source>The collapse id is longer than 64 bytes.</source>
      <translation>合并 id 超过 64 字节。</translation>
    </message>
    <message>
      <source>The device token is not valid for this environment: either it is not a token at all, or a sandbox token was sent to production (or the reverse). Check the environment before dropping the token.</source>
      <translation>设备令牌对这个环境无效：要么它根本不是令牌，要么沙盒令牌被发到了生产环境（或反过来）。丢弃令牌前请先检查环境。</translation>
    </message>
    <message>
      <source>apns-expiration is not a UNIX time in seconds.</source>
      <translation>apns-expiration 不是以秒为单位的 UNIX 时间。</translation>
    </message>
    <message>
      <source>apns-id is not a lower-case UUID.</source>
      <translation>apns-id 不是小写的 UUID。</translation>
    </message>
    <message>
      <source>apns-priority is not 10, 5 or 1, or it is 10 for a background push (which needs 5).</source>
      <translation>apns-priority 不是 10、5 或 1，或者后台推送用了 10（后台推送需要 5）。</translation>
    </message>
    <message>
      <source>apns-topic is not a topic these credentials may push to.</source>
      <translation>apns-topic 不是这些凭据可以推送的主题。</translation>
    </message>
    <message>
      <source>The device token belongs to another app (topic): check the topic, or drop the token.</source>
      <translation>设备令牌属于另一个应用（主题）：请检查主题，或丢弃该令牌。</translation>
    </message>
    <message>
      <source>A header was sent twice.</source>
      <translation>有请求头被发送了两次。</translation>
    </message>
    <message>
      <source>APNs closed an idle connection; Herald opens a new one.</source>
      <translation>APNs 关闭了一个空闲连接；Herald 会新建一个。</translation>
    </message>
    <message>
      <source>apns-push-type is not one APNs knows, or the topic lacks the suffix the push type needs (e.g. .voip).</source>
      <translation>apns-push-type 不是 APNs 认识的类型，或主题缺少该推送类型需要的后缀（例如 .voip）。</translation>
    </message>
    <message>
      <source>The request has no device token.</source>
      <translation>请求中没有设备令牌。</translation>
    </message>
    <message>
      <source>apns-topic is required: always with token authentication, and with a certificate for several topics.</source>
      <translation>必须提供 apns-topic：使用令牌认证时总是需要，使用覆盖多个主题的证书时也需要。</translation>
    </message>
    <message>
      <source>The payload is empty.</source>
      <translation>负载为空。</translation>
    </message>
    <message>
      <source>These credentials may not push to this topic (bundle id).</source>
      <translation>这些凭据不能推送到这个主题（bundle id）。</translation>
    </message>
    <message>
      <source>APNs does not accept the client certificate.</source>
      <translation>APNs 不接受该客户端证书。</translation>
    </message>
    <message>
      <source>The certificate is for the other environment: a development certificate goes to sandbox, a production one to production.</source>
      <translation>证书属于另一个环境：开发证书用于沙盒，生产证书用于生产。</translation>
    </message>
    <message>
      <source>APNs says the provider token is older than an hour; Herald signs a new one for the next request.</source>
      <translation>APNs 说提供者令牌已超过一小时；Herald 会为下一个请求签发新的令牌。</translation>
    </message>
    <message>
      <source>APNs refused the request: these credentials may not do this.</source>
      <translation>APNs 拒绝了请求：这些凭据无权这样做。</translation>
    </message>
    <message>
      <source>The provider token does not verify: check the key id, the team id and that the .p8 file is that key.</source>
      <translation>提供者令牌校验失败：请检查密钥 ID、团队 ID，以及 .p8 文件是否就是该密钥。</translation>
    </message>
    <message>
      <source>Neither a certificate nor a provider token was given: configure credentials.</source>
      <translation>既没有证书也没有提供者令牌：请配置凭据。</translation>
    </message>
    <message>
      <source>The key id is not the one used first on this connection, or not of this team.</source>
      <translation>密钥 ID 不是这个连接上最先使用的那个，或不属于这个团队。</translation>
    </message>
    <message>
      <source>The key is not enabled for this environment (sandbox or production) in the developer account.</source>
      <translation>该密钥未在开发者账号中为这个环境（沙盒或生产）启用。</translation>
    </message>
    <message>
      <source>The request path is not /3/device/&lt;token&gt;.</source>
      <translation>请求路径不是 /3/device/&lt;token&gt;。</translation>
    </message>
    <message>
      <source>APNs takes only POST.</source>
      <translation>APNs 只接受 POST。</translation>
    </message>
    <message>
      <source>The device token has expired: stop sending to it.</source>
      <translation>设备令牌已过期：请停止向它发送。</translation>
    </message>
    <message>
      <source>The device token is no longer active for the topic (the app was removed or notifications turned off): stop sending to it.</source>
      <translation>设备令牌对该主题已不再有效（应用已被删除或通知已关闭）：请停止向它发送。</translation>
    </message>
    <message>
      <source>The payload is larger than 4096 bytes (5120 for VoIP).</source>
      <translation>负载超过 4096 字节（VoIP 为 5120）。</translation>
    </message>
    <message>
      <source>The provider token was renewed more often than every 20 minutes.</source>
      <translation>提供者令牌的更新频率超过了每 20 分钟一次。</translation>
    </message>
    <message>
      <source>Too many requests to the same device token in a row: wait.</source>
      <translation>连续向同一个设备令牌发送的请求太多：请稍候。</translation>
    </message>
    <message>
      <source>APNs had an internal error: try again later.</source>
      <translation>APNs 内部错误：请稍后重试。</translation>
    </message>
    <message>
      <source>APNs is unavailable: try again later.</source>
      <translation>APNs 暂不可用：请稍后重试。</translation>
    </message>
    <message>
      <source>The APNs server is shutting down: Herald reconnects.</source>
      <translation>APNs 服务器正在关闭：Herald 会重新连接。</translation>
    </message>
    <message>
      <source>Herald refused the notification before sending it.</source>
      <translation>Herald 在发送前拒绝了这条通知。</translation>
    </message>
    <message>
      <source>Herald got no working connection to APNs: it could not connect (network, DNS, or the TLS certificate was not trusted), or APNs closed the connection before answering.</source>
      <translation>Herald 没有得到可用的 APNs 连接：无法连接（网络、DNS，或 TLS 证书不受信任），或 APNs 在应答前关闭了连接。</translation>
    </message>
    <message>
      <source>The connection closed before APNs answered: the notification may or may not have been delivered.</source>
      <translation>连接在 APNs 应答前关闭：通知可能已送达，也可能没有。</translation>
    </message>
    <message>
      <source>APNs did not process the notification (it refused the stream, or went away before it): it was not delivered.</source>
      <translation>APNs 没有处理这条通知（拒绝了该流，或在此之前断开）：通知未送达。</translation>
    </message>
    <message>
      <source>APNs did not answer in time.</source>
      <translation>APNs 没有及时应答。</translation>
    </message>
    <message>
      <source>The server answered, but not the way APNs does.</source>
      <translation>服务器应答了，但不是 APNs 的应答方式。</translation>
    </message>
    <message>
      <source>No APNs credentials are configured.</source>
      <translation>没有配置 APNs 凭据。</translation>
    </message>
    <message>
      <source>The notification was cancelled before APNs answered.</source>
      <translation>通知在 APNs 应答前被取消。</translation>
    </message>
    <message>
      <source>APNs accepted the notification for delivery.</source>
      <translation>APNs 已接受该通知，将进行投递。</translation>
    </message>
    <message>
      <source>APNs had a server error (%1): try again later.</source>
      <translation>APNs 服务器错误（%1）：请稍后重试。</translation>
    </message>
    <message>
      <source>APNs answered %1 without a reason.</source>
      <translation>APNs 返回 %1，没有给出原因。</translation>
    </message>
    <message>
      <source>APNs answered %1 %2, a reason Herald does not know.</source>
      <translation>APNs 返回 %1 %2，这是 Herald 不认识的原因。</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::AdminClient</name>
    <message>
      <source>Disconnected</source>
      <translation>未连接</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <source>Connected</source>
      <translation>已连接</translation>
    </message>
    <message>
      <source>Reconnecting…</source>
      <translation>正在重新连接…</translation>
    </message>
    <message>
      <source>cannot read CA certificates from %1</source>
      <translation>无法从 %1 读取 CA 证书</translation>
    </message>
    <message>
      <source>connection closed</source>
      <translation>连接已关闭</translation>
    </message>
    <message>
      <source>connection to the server lost</source>
      <translation>与服务器的连接已断开</translation>
    </message>
    <message>
      <source>the server closed the connection: %1</source>
      <translation>服务器关闭了连接：%1</translation>
    </message>
    <message>
      <source>cannot reach %1: %2</source>
      <translation>无法连接 %1：%2</translation>
    </message>
    <message>
      <source>certificate problem with %1: %2</source>
      <translation>%1 的证书有问题：%2</translation>
    </message>
    <message>
      <source>the server refused the token (%1)</source>
      <translation>服务器拒绝了令牌（%1）</translation>
    </message>
    <message>
      <source>unexpected message from the server: %1</source>
      <translation>服务器发来意外的消息：%1</translation>
    </message>
    <message>
      <source>not connected</source>
      <translation>未连接</translation>
    </message>
    <message>
      <source>unexpected answer from the server: %1</source>
      <translation>服务器返回意外的应答：%1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApiKeysModel</name>
    <message>
      <source>The default key: api.key in the server's data directory (or api-key). Replace it there.</source>
      <translation>默认密钥：服务器数据目录中的 api.key（或 api-key）。请在那里替换它。</translation>
    </message>
    <message>
      <source>api.key</source>
      <translation>api.key</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Scope</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>创建时间</translation>
    </message>
    <message>
      <source>Last used</source>
      <translation>最后使用</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsCredentialsBox</name>
    <message>
      <source>Credentials</source>
      <translation>凭据</translation>
    </message>
    <message>
      <source>Keep in the keychain</source>
      <translation>保存在钥匙串中</translation>
    </message>
    <message>
      <source>Token: .p8 signing key</source>
      <translation>令牌：.p8 签名密钥</translation>
    </message>
    <message>
      <source>Certificate: .p12</source>
      <translation>证书：.p12</translation>
    </message>
    <message>
      <source>AuthKey_ABC123DEFG.p8</source>
      <translation>AuthKey_ABC123DEFG.p8</translation>
    </message>
    <message>
      <source>10 characters, e.g. ABC123DEFG</source>
      <translation>10 个字符，例如 ABC123DEFG</translation>
    </message>
    <message>
      <source>10 characters, from the developer account</source>
      <translation>10 个字符，见开发者账号</translation>
    </message>
    <message>
      <source>push certificate exported from Keychain Access</source>
      <translation>从“钥匙串访问”导出的推送证书</translation>
    </message>
    <message>
      <source>the .p12's password (may be empty)</source>
      <translation>.p12 的密码（可以为空）</translation>
    </message>
    <message>
      <source>The .p8's path or the .p12's password is kept in the system keychain; nothing secret is written to the console's settings</source>
      <translation>.p8 的路径或 .p12 的密码保存在系统钥匙串中；控制台的设置里不写入任何机密</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>.p8 key:</source>
      <translation>.p8 密钥：</translation>
    </message>
    <message>
      <source>Key id:</source>
      <translation>密钥 ID：</translation>
    </message>
    <message>
      <source>Team id:</source>
      <translation>团队 ID：</translation>
    </message>
    <message>
      <source>.p12 file:</source>
      <translation>.p12 文件：</translation>
    </message>
    <message>
      <source>Password:</source>
      <translation>密码：</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>加载</translation>
    </message>
    <message>
      <source>Apple signing keys (*.p8);;All files (*)</source>
      <translation>Apple 签名密钥 (*.p8);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Certificates (*.p12 *.pfx);;All files (*)</source>
      <translation>证书 (*.p12 *.pfx);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Choose the file</source>
      <translation>选择文件</translation>
    </message>
    <message>
      <source>Refused: %1</source>
      <translation>被拒绝：%1</translation>
    </message>
    <message>
      <source>No credentials loaded.</source>
      <translation>尚未加载凭据。</translation>
    </message>
    <message>
      <source>A .p8 key works for every app of the team</source>
      <translation>一个 .p8 密钥适用于团队的所有应用</translation>
    </message>
    <message>
      <source>and in both environments.</source>
      <translation>以及两种环境。</translation>
    </message>
    <message>
      <source>A push certificate is for one app (or a few)</source>
      <translation>推送证书只适用于一个（或几个）应用</translation>
    </message>
    <message>
      <source>and tells its environment.</source>
      <translation>并指明其环境。</translation>
    </message>
    <message>
      <source>✓ key %1 of team %2</source>
      <translation>✓ 团队 %2 的密钥 %1</translation>
    </message>
    <message>
      <source>An EC P-256 token key: any topic of the team,</source>
      <translation>EC P-256 令牌密钥：团队的任何主题，</translation>
    </message>
    <message>
      <source>in sandbox and production.</source>
      <translation>沙盒和生产环境均可。</translation>
    </message>
    <message>
      <source>The topic must be given.</source>
      <translation>必须填写主题。</translation>
    </message>
    <message>
      <source>sandbox (development)</source>
      <translation>沙盒（开发）</translation>
    </message>
    <message>
      <source>production</source>
      <translation>生产</translation>
    </message>
    <message>
      <source>Topics: %1</source>
      <translation>主题：%1</translation>
    </message>
    <message>
      <source>Environment: %1</source>
      <translation>环境：%1</translation>
    </message>
    <message>
      <source>%1 only</source>
      <translation>仅 %1</translation>
    </message>
    <message>
      <source> and </source>
      <translation>和</translation>
    </message>
    <message numerus="yes">
      <source>Expires %1 (%n day(s) left)</source>
      <translation>
        <numerusform>%1 到期（剩余 %n 天）</numerusform>
      </translation>
    </message>
    <message>
      <source>APNs secret not remembered (no keychain: %1); it will be asked for again</source>
      <translation>未保存 APNs 机密（没有钥匙串：%1）；下次会再次询问</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsDevicesModel</name>
    <message>
      <source>saved</source>
      <translation>已保存</translation>
    </message>
    <message>
      <source>server, uid %1</source>
      <translation>服务器，uid %1</translation>
    </message>
    <message>
      <source>server, uid %1 (inactive)</source>
      <translation>服务器，uid %1（已停用）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Token</source>
      <translation>令牌</translation>
    </message>
    <message>
      <source>Environment</source>
      <translation>环境</translation>
    </message>
    <message>
      <source>Topic</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>From</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>app %1</source>
      <translation>应用 %1</translation>
    </message>
    <message>
      <source>last seen %1</source>
      <translation>最后出现 %1</translation>
    </message>
    <message>
      <source>deactivated: %1</source>
      <translation>已停用：%1</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>推送服务</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsHeadersBox</name>
    <message>
      <source>Headers</source>
      <translation>请求头</translation>
    </message>
    <message>
      <source>the app's bundle id, e.g. com.example.chat</source>
      <translation>应用的 bundle id，例如 com.example.chat</translation>
    </message>
    <message>
      <source>10 — at once</source>
      <translation>10 — 立即</translation>
    </message>
    <message>
      <source>5 — when power allows</source>
      <translation>5 — 视电量而定</translation>
    </message>
    <message>
      <source>1 — lowest</source>
      <translation>1 — 最低</translation>
    </message>
    <message>
      <source>not set (APNs keeps it a while)</source>
      <translation>不设置（APNs 会保留一段时间）</translation>
    </message>
    <message>
      <source> s from now</source>
      <translation> 秒后</translation>
    </message>
    <message>
      <source>0: deliver now or never; otherwise APNs retries until then</source>
      <translation>0：立即投递，否则放弃；其他值：APNs 会重试到该时间</translation>
    </message>
    <message>
      <source>same id: the newer replaces the older</source>
      <translation>相同的 id：新的替换旧的</translation>
    </message>
    <message>
      <source>empty: APNs makes one</source>
      <translation>留空：由 APNs 生成</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>A new lower-case UUID</source>
      <translation>新的小写 UUID</translation>
    </message>
    <message>
      <source>Topic:</source>
      <translation>主题：</translation>
    </message>
    <message>
      <source>Push type:</source>
      <translation>推送类型：</translation>
    </message>
    <message>
      <source>Priority:</source>
      <translation>优先级：</translation>
    </message>
    <message>
      <source>Expiration:</source>
      <translation>过期时间：</translation>
    </message>
    <message>
      <source>Collapse id:</source>
      <translation>合并 id：</translation>
    </message>
    <message>
      <source>apns-id:</source>
      <translation>apns-id：</translation>
    </message>
    <message>
      <source>%1/%2 bytes</source>
      <translation>%1/%2 字节</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsHistory</name>
    <message>
      <source>direct</source>
      <translation>直接</translation>
    </message>
    <message>
      <source>server</source>
      <translation>服务器</translation>
    </message>
    <message>
      <source>server, uid</source>
      <translation>服务器，uid</translation>
    </message>
    <message>
      <source>server, uid %1</source>
      <translation>服务器，uid %1</translation>
    </message>
    <message>
      <source>uid %1</source>
      <translation>uid %1</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>sending…</source>
      <translation>发送中…</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>无应答</translation>
    </message>
    <message>
      <source>delivered</source>
      <translation>已送达</translation>
    </message>
    <message>
      <source>%1 ms</source>
      <translation>%1 毫秒</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>发送时间</translation>
    </message>
    <message>
      <source>Via</source>
      <translation>途径</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>apns-id</source>
      <translation>apns-id</translation>
    </message>
    <message>
      <source>Latency</source>
      <translation>延迟</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsPanel</name>
    <message>
      <source>Send test push</source>
      <translation>发送测试推送</translation>
    </message>
    <message>
      <source>load credentials first (a .p8 key or a .p12 certificate)</source>
      <translation>请先加载凭据（.p8 密钥或 .p12 证书）</translation>
    </message>
    <message>
      <source>give the uid whose devices get the push</source>
      <translation>请填写接收推送的设备所属的 uid</translation>
    </message>
    <message>
      <source>the payload is not valid JSON: %1</source>
      <translation>负载不是有效的 JSON：%1</translation>
    </message>
    <message>
      <source>Connect to a server to send through it.</source>
      <translation>连接到服务器后才能通过它发送。</translation>
    </message>
    <message>
      <source>Signed in read-only: the server will not push.</source>
      <translation>以只读身份登录：服务器不会推送。</translation>
    </message>
    <message>
      <source>Not sent again: %1</source>
      <translation>未重新发送：%1</translation>
    </message>
    <message>
      <source>Devices of %1 not loaded: %2</source>
      <translation>未能加载 %1 的设备：%2</translation>
    </message>
    <message numerus="yes">
      <source>%n device(s) registered for %1</source>
      <translation>
        <numerusform>%1 注册了 %n 台设备</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsPayload</name>
    <message>
      <source>Simple alert</source>
      <translation>简单提醒</translation>
    </message>
    <message>
      <source>Alert with title and subtitle</source>
      <translation>带标题和副标题的提醒</translation>
    </message>
    <message>
      <source>Badge only</source>
      <translation>仅角标</translation>
    </message>
    <message>
      <source>Silent background update</source>
      <translation>静默后台更新</translation>
    </message>
    <message>
      <source>VoIP call</source>
      <translation>VoIP 来电</translation>
    </message>
    <message>
      <source>Critical alert</source>
      <translation>紧急提醒</translation>
    </message>
    <message>
      <source>Live Activity update</source>
      <translation>实时活动更新</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsPayloadEditor</name>
    <message>
      <source>content-available</source>
      <translation>content-available</translation>
    </message>
    <message>
      <source>mutable-content</source>
      <translation>mutable-content</translation>
    </message>
    <message>
      <source>Template…</source>
      <translation>模板…</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>不设置</translation>
    </message>
    <message>
      <source>0 removes the badge</source>
      <translation>0 表示清除角标</translation>
    </message>
    <message>
      <source>none, "default" or a sound file in the app</source>
      <translation>无、"default" 或应用内的声音文件</translation>
    </message>
    <message>
      <source>bold first line</source>
      <translation>粗体的第一行</translation>
    </message>
    <message>
      <source>second line</source>
      <translation>第二行</translation>
    </message>
    <message>
      <source>the message</source>
      <translation>消息内容</translation>
    </message>
    <message>
      <source>groups notifications</source>
      <translation>用于将通知分组</translation>
    </message>
    <message>
      <source>actions the app registered</source>
      <translation>应用注册的操作</translation>
    </message>
    <message>
      <source>A background update: the app is woken to fetch data (push type background, priority 5)</source>
      <translation>后台更新：唤醒应用以获取数据（推送类型 background，优先级 5）</translation>
    </message>
    <message>
      <source>The app's notification service extension may change the notification before it is shown</source>
      <translation>应用的通知服务扩展可以在显示前修改通知</translation>
    </message>
    <message>
      <source>{"aps":{…}} — custom keys beside "aps"</source>
      <translation>{"aps":{…}} — 自定义键与 "aps" 并列</translation>
    </message>
    <message>
      <source>From form</source>
      <translation>按表单生成</translation>
    </message>
    <message>
      <source>Replace the JSON by what the form says (custom keys that parse are kept)</source>
      <translation>用表单的内容替换 JSON（能解析的自定义键会保留）</translation>
    </message>
    <message>
      <source>Template:</source>
      <translation>模板：</translation>
    </message>
    <message>
      <source>Title:</source>
      <translation>标题：</translation>
    </message>
    <message>
      <source>Subtitle:</source>
      <translation>副标题：</translation>
    </message>
    <message>
      <source>Body:</source>
      <translation>正文：</translation>
    </message>
    <message>
      <source>Badge:</source>
      <translation>角标：</translation>
    </message>
    <message>
      <source>Sound:</source>
      <translation>声音：</translation>
    </message>
    <message>
      <source>Thread id:</source>
      <translation>线程 id：</translation>
    </message>
    <message>
      <source>Category:</source>
      <translation>类别：</translation>
    </message>
    <message>
      <source>Interruption:</source>
      <translation>打断级别：</translation>
    </message>
    <message>
      <source>Payload JSON:</source>
      <translation>负载 JSON：</translation>
    </message>
    <message>
      <source>✗ %1 — the form's changes wait: fix the JSON, or rebuild it from the form.</source>
      <translation>✗ %1 — 表单的修改暂不生效：请修正 JSON，或按表单重新生成。</translation>
    </message>
    <message>
      <source>Not valid JSON at line %1, column %2: %3</source>
      <translation>第 %1 行第 %2 列不是有效的 JSON：%3</translation>
    </message>
    <message>
      <source>The payload is a JSON object: {"aps":{…}}</source>
      <translation>负载是一个 JSON 对象：{"aps":{…}}</translation>
    </message>
    <message>
      <source>Only in the JSON: %1</source>
      <translation>仅在 JSON 中：%1</translation>
    </message>
    <message>
      <source>%1 / %2 bytes</source>
      <translation>%1 / %2 字节</translation>
    </message>
    <message>
      <source>The payload as sent (compact JSON), against the limit of %1</source>
      <translation>发送时的负载（紧凑 JSON），上限为 %1</translation>
    </message>
    <message>
      <source>✗ Too large: %1 takes at most %2 bytes.</source>
      <translation>✗ 太大：%1 最多 %2 字节。</translation>
    </message>
    <message>
      <source>✓ Valid JSON</source>
      <translation>✓ 有效的 JSON</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsResultBox</name>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Send again</source>
      <translation>再次发送</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Put this push back into the form and send it again the same way</source>
      <translation>把这条推送放回表单，并以同样的方式再次发送</translation>
    </message>
    <message>
      <source>Nothing sent yet.</source>
      <translation>尚未发送。</translation>
    </message>
    <message>
      <source>Via:</source>
      <translation>途径：</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1，%2</translation>
    </message>
    <message>
      <source>Not sent</source>
      <translation>未发送</translation>
    </message>
    <message>
      <source>Waiting for APNs…</source>
      <translation>等待 APNs…</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>无应答</translation>
    </message>
    <message>
      <source>delivered to APNs</source>
      <translation>已送达 APNs</translation>
    </message>
    <message>
      <source>Outcome:</source>
      <translation>结果：</translation>
    </message>
    <message>
      <source>apns-id:</source>
      <translation>apns-id：</translation>
    </message>
    <message>
      <source>apns-unique-id:</source>
      <translation>apns-unique-id：</translation>
    </message>
    <message>
      <source>Latency:</source>
      <translation>延迟：</translation>
    </message>
    <message>
      <source>%1 ms</source>
      <translation>%1 毫秒</translation>
    </message>
    <message>
      <source>Device token:</source>
      <translation>设备令牌：</translation>
    </message>
    <message>
      <source>Token invalid since:</source>
      <translation>令牌失效时间：</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsSender</name>
    <message>
      <source>Connected to %1</source>
      <translation>已连接到 %1</translation>
    </message>
    <message>
      <source>Connection to %1 closed: %2</source>
      <translation>与 %1 的连接已关闭：%2</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsTargetBox</name>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Devices of uid</source>
      <translation>uid 的设备</translation>
    </message>
    <message>
      <source>Custom APNs server (staging, a stand-in)</source>
      <translation>自定义 APNs 服务器（预发布环境或替身）</translation>
    </message>
    <message>
      <source>Directly, with these credentials</source>
      <translation>直接发送，使用这些凭据</translation>
    </message>
    <message>
      <source>Through the server, to this token</source>
      <translation>通过服务器，发给这个令牌</translation>
    </message>
    <message>
      <source>Through the server, to a uid</source>
      <translation>通过服务器，发给一个 uid</translation>
    </message>
    <message>
      <source>Sandbox (development builds)</source>
      <translation>沙盒（开发版本）</translation>
    </message>
    <message>
      <source>Production (TestFlight, App Store)</source>
      <translation>生产（TestFlight、App Store）</translation>
    </message>
    <message>
      <source>hex, 64 characters, from the app's didRegisterForRemoteNotifications</source>
      <translation>十六进制，64 个字符，来自应用的 didRegisterForRemoteNotifications</translation>
    </message>
    <message>
      <source>the uid the server bound the devices to</source>
      <translation>服务器为这些设备绑定的 uid</translation>
    </message>
    <message>
      <source>Show the devices the server has registered for this uid</source>
      <translation>显示服务器为这个 uid 注册的设备</translation>
    </message>
    <message>
      <source>name, e.g. Ann's iPhone</source>
      <translation>名称，例如 Ann 的 iPhone</translation>
    </message>
    <message>
      <source>Save device</source>
      <translation>保存设备</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>host, e.g. 127.0.0.1</source>
      <translation>主机，例如 127.0.0.1</translation>
    </message>
    <message>
      <source>PEM file of the CA that signed its certificate (optional)</source>
      <translation>签发其证书的 CA 的 PEM 文件（可选）</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Verification is never turned off: give the CA of a private server instead</source>
      <translation>证书校验从不关闭：私有服务器请提供它的 CA</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>服务器：</translation>
    </message>
    <message>
      <source>CA file:</source>
      <translation>CA 文件：</translation>
    </message>
    <message>
      <source>Send:</source>
      <translation>发送：</translation>
    </message>
    <message>
      <source>Environment:</source>
      <translation>环境：</translation>
    </message>
    <message>
      <source>Token:</source>
      <translation>令牌：</translation>
    </message>
    <message>
      <source>Uid:</source>
      <translation>Uid：</translation>
    </message>
    <message>
      <source>CA certificate</source>
      <translation>CA 证书</translation>
    </message>
    <message>
      <source>PEM certificates (*.pem *.crt);;All files (*)</source>
      <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>The certificate works in both environments.</source>
      <translation>该证书适用于两种环境。</translation>
    </message>
    <message>
      <source>Chosen by the certificate: it is a production certificate.</source>
      <translation>由证书决定：这是生产证书。</translation>
    </message>
    <message>
      <source>Chosen by the certificate: it is a development (sandbox) certificate.</source>
      <translation>由证书决定：这是开发（沙盒）证书。</translation>
    </message>
    <message>
      <source>Sandbox for builds from Xcode; production for TestFlight and the App Store</source>
      <translation>Xcode 构建的版本用沙盒；TestFlight 和 App Store 用生产</translation>
    </message>
    <message>
      <source>the custom APNs server needs a host</source>
      <translation>自定义 APNs 服务器需要主机名</translation>
    </message>
    <message>
      <source>Or through the server, with its own credentials.</source>
      <translation>也可以通过服务器，用它自己的凭据。</translation>
    </message>
    <message>
      <source>With the server's credentials, and its topic if none is given.</source>
      <translation>使用服务器的凭据；未填主题时使用服务器的主题。</translation>
    </message>
    <message>
      <source>No token yet.</source>
      <translation>还没有令牌。</translation>
    </message>
    <message numerus="yes">
      <source>%n hex digit(s)</source>
      <translation>
        <numerusform>%n 个十六进制数字</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ApnsTracker</name>
    <message>
      <source>The server queued no notification (no active device, or the uid is online)</source>
      <translation>服务器没有排队任何通知（没有有效设备，或该 uid 在线）</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::AuditModel</name>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>操作者</translation>
    </message>
    <message>
      <source>From</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Door</source>
      <translation>入口</translation>
    </message>
    <message>
      <source>Command</source>
      <translation>命令</translation>
    </message>
    <message>
      <source>Arguments</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::AuditPanel</name>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Filter: key name, address, command, arguments or error</source>
      <translation>筛选：密钥名称、地址、命令、参数或错误</translation>
    </message>
    <message>
      <source>The audit log needs the full admin token.</source>
      <translation>审计日志需要完全权限的管理令牌。</translation>
    </message>
    <message>
      <source>Audit log not loaded: %1</source>
      <translation>未能加载审计日志：%1</translation>
    </message>
    <message numerus="yes">
      <source>%n change(s), newest first</source>
      <translation>
        <numerusform>%n 项修改，最新的在前</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n change(s) matching “%1”, newest first</source>
      <translation>
        <numerusform>%n 项修改匹配“%1”，最新的在前</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::BroadcastHistory</name>
    <message>
      <source>everyone</source>
      <translation>所有人</translation>
    </message>
    <message>
      <source>room %1</source>
      <translation>房间 %1</translation>
    </message>
    <message>
      <source>uid %1</source>
      <translation>uid %1</translation>
    </message>
    <message numerus="yes">
      <source>%n client(s)</source>
      <translation>
        <numerusform>%n 个客户端</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source> except %n client(s)</source>
      <translation>
        <numerusform>（%n 个客户端除外）</numerusform>
      </translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>发送时间</translation>
    </message>
    <message>
      <source>To</source>
      <translation>发给</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>内容</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ClientsModel</name>
    <message>
      <source>Client id</source>
      <translation>客户端 id</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Uid</source>
      <translation>Uid</translation>
    </message>
    <message>
      <source>Rooms</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Connected</source>
      <translation>连接时间</translation>
    </message>
    <message>
      <source>Msgs in</source>
      <translation>收到消息</translation>
    </message>
    <message>
      <source>Msgs out</source>
      <translation>发出消息</translation>
    </message>
    <message>
      <source>Bytes in</source>
      <translation>收到字节</translation>
    </message>
    <message>
      <source>Bytes out</source>
      <translation>发出字节</translation>
    </message>
    <message>
      <source>Node</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>Counted by node %1 only</source>
      <translation>仅由节点 %1 计数</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ClientsPanel</name>
    <message>
      <source>Filter by id, name, uid, room or address</source>
      <translation>按 id、名称、uid、房间或地址筛选</translation>
    </message>
    <message>
      <source>Kick…</source>
      <translation>踢出…</translation>
    </message>
    <message>
      <source>Join room…</source>
      <translation>加入房间…</translation>
    </message>
    <message>
      <source>Ctrl+J</source>
      <translation>Ctrl+J</translation>
    </message>
    <message>
      <source>Leave room…</source>
      <translation>离开房间…</translation>
    </message>
    <message>
      <source>Ctrl+L</source>
      <translation>Ctrl+L</translation>
    </message>
    <message>
      <source>Bind uid…</source>
      <translation>绑定 uid…</translation>
    </message>
    <message>
      <source>Ctrl+B</source>
      <translation>Ctrl+B</translation>
    </message>
    <message>
      <source>Unbind uid</source>
      <translation>解绑 uid</translation>
    </message>
    <message>
      <source>Send message…</source>
      <translation>发送消息…</translation>
    </message>
    <message>
      <source>Ctrl+M</source>
      <translation>Ctrl+M</translation>
    </message>
    <message>
      <source>Session…</source>
      <translation>会话…</translation>
    </message>
    <message>
      <source>Ctrl+E</source>
      <translation>Ctrl+E</translation>
    </message>
    <message>
      <source>Copy id</source>
      <translation>复制 id</translation>
    </message>
    <message numerus="yes">
      <source>%n client(s)</source>
      <translation>
        <numerusform>%n 个客户端</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%1 of %n client(s)</source>
      <translation>
        <numerusform>%n 个客户端中的 %1 个</numerusform>
      </translation>
    </message>
    <message>
      <source>kick %1</source>
      <translation>踢出 %1</translation>
    </message>
    <message>
      <source>add %1 to room %2</source>
      <translation>把 %1 加入房间 %2</translation>
    </message>
    <message>
      <source>remove %1 from room %2</source>
      <translation>把 %1 移出房间 %2</translation>
    </message>
    <message>
      <source>bind %1 to uid %2</source>
      <translation>把 %1 绑定到 uid %2</translation>
    </message>
    <message>
      <source>unbind %1</source>
      <translation>解绑 %1</translation>
    </message>
    <message>
      <source>send to %1</source>
      <translation>发送给 %1</translation>
    </message>
    <message numerus="yes">
      <source>Kick %n client(s)</source>
      <translation>
        <numerusform>踢出 %n 个客户端</numerusform>
      </translation>
    </message>
    <message>
      <source>Final message sent before closing (optional):</source>
      <translation>关闭前发送的最后一条消息（可选）：</translation>
    </message>
    <message>
      <source>Join room</source>
      <translation>加入房间</translation>
    </message>
    <message>
      <source>Room:</source>
      <translation>房间：</translation>
    </message>
    <message>
      <source>Leave room</source>
      <translation>离开房间</translation>
    </message>
    <message>
      <source>Bind uid</source>
      <translation>绑定 uid</translation>
    </message>
    <message>
      <source>Uid for %1:</source>
      <translation>%1 的 uid：</translation>
    </message>
    <message numerus="yes">
      <source>Send to %n client(s)</source>
      <translation>
        <numerusform>发送给 %n 个客户端</numerusform>
      </translation>
    </message>
    <message>
      <source>Message, sent exactly as typed:</source>
      <translation>消息，按输入原样发送：</translation>
    </message>
    <message>
      <source>Show the clients of one node only</source>
      <translation>只显示一个节点的客户端</translation>
    </message>
    <message>
      <source>All nodes</source>
      <translation>所有节点</translation>
    </message>
    <message>
      <source>Node %1</source>
      <translation>节点 %1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::CommandRunner</name>
    <message>
      <source>%1: done</source>
      <translation>%1：完成</translation>
    </message>
    <message>
      <source>Could not %1: %2</source>
      <translation>未能%1：%2</translation>
    </message>
    <message>
      <source>Herald console</source>
      <translation>Herald 控制台</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ComposerPanel</name>
    <message numerus="yes">
      <source>delivered to %n client(s)</source>
      <translation>
        <numerusform>已送达 %n 个客户端</numerusform>
      </translation>
    </message>
    <message>
      <source>Send</source>
      <translation>发送</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>所有人</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Uid</source>
      <translation>Uid</translation>
    </message>
    <message>
      <source>Chosen clients</source>
      <translation>选定的客户端</translation>
    </message>
    <message>
      <source>client ids to leave out (optional)</source>
      <translation>不发送的客户端 id（可选）</translation>
    </message>
    <message>
      <source>Plain text</source>
      <translation>纯文本</translation>
    </message>
    <message>
      <source>JSON</source>
      <translation>JSON</translation>
    </message>
    <message>
      <source>The message, sent to clients exactly as written</source>
      <translation>消息，按原样发送给客户端</translation>
    </message>
    <message>
      <source>Chat message template</source>
      <translation>聊天消息模板</translation>
    </message>
    <message>
      <source>A workerman-chat "say" that chat pages show as a message from the operator</source>
      <translation>workerman-chat 的 "say" 消息，聊天页面会显示为来自管理员的消息</translation>
    </message>
    <message>
      <source>To:</source>
      <translation>发给：</translation>
    </message>
    <message>
      <source>Except:</source>
      <translation>除外：</translation>
    </message>
    <message>
      <source>Format:</source>
      <translation>格式：</translation>
    </message>
    <message>
      <source>Clients will receive:</source>
      <translation>客户端将收到：</translation>
    </message>
    <message>
      <source>Send again</source>
      <translation>再次发送</translation>
    </message>
    <message>
      <source>Sent this session:</source>
      <translation>本次会话已发送：</translation>
    </message>
    <message>
      <source>Write a message.</source>
      <translation>请填写消息。</translation>
    </message>
    <message>
      <source>Name the room.</source>
      <translation>请填写房间。</translation>
    </message>
    <message>
      <source>Name the uid.</source>
      <translation>请填写 uid。</translation>
    </message>
    <message>
      <source>List the client ids, separated by commas or spaces.</source>
      <translation>列出客户端 id，用逗号或空格分隔。</translation>
    </message>
    <message>
      <source>Too long: the server accepts at most %1 bytes.</source>
      <translation>太长：服务器最多接受 %1 字节。</translation>
    </message>
    <message>
      <source>Not valid JSON at byte %1: %2.</source>
      <translation>第 %1 字节处不是有效的 JSON：%2。</translation>
    </message>
    <message>
      <source>room id</source>
      <translation>房间 id</translation>
    </message>
    <message>
      <source>uid</source>
      <translation>uid</translation>
    </message>
    <message>
      <source>client ids, separated by commas or spaces</source>
      <translation>客户端 id，用逗号或空格分隔</translation>
    </message>
    <message>
      <source>%1 / %2 bytes</source>
      <translation>%1 / %2 字节</translation>
    </message>
    <message>
      <source>✓ Ready to send.</source>
      <translation>✓ 可以发送。</translation>
    </message>
    <message>
      <source>This is a read-only session</source>
      <translation>这是只读会话</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <source>Hello everyone</source>
      <translation>大家好</translation>
    </message>
    <message>
      <source>Send to everyone</source>
      <translation>发送给所有人</translation>
    </message>
    <message>
      <source>Send this message to every connected client?</source>
      <translation>把这条消息发送给所有已连接的客户端？</translation>
    </message>
    <message>
      <source>sending…</source>
      <translation>发送中…</translation>
    </message>
    <message>
      <source>Sending to %1…</source>
      <translation>正在发送给 %1…</translation>
    </message>
    <message>
      <source>failed: %1</source>
      <translation>失败：%1</translation>
    </message>
    <message>
      <source>uid offline: delivered to nobody</source>
      <translation>uid 不在线：没有送达任何人</translation>
    </message>
    <message>
      <source>; not delivered to %1</source>
      <translation>；未送达 %1</translation>
    </message>
    <message>
      <source>Broadcast: %1</source>
      <translation>广播：%1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::ConnectDialog</name>
    <message>
      <source>Remember the token in the system keychain</source>
      <translation>把令牌保存在系统钥匙串中</translation>
    </message>
    <message>
      <source>Connect to a Herald server</source>
      <translation>连接到 Herald 服务器</translation>
    </message>
    <message>
      <source>admin.token or admin-readonly.token from the data directory</source>
      <translation>数据目录中的 admin.token 或 admin-readonly.token</translation>
    </message>
    <message>
      <source>optional, for wss:// with a private CA</source>
      <translation>可选，用于使用私有 CA 的 wss://</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>CA certificates</source>
      <translation>CA 证书</translation>
    </message>
    <message>
      <source>PEM files (*.pem *.crt);;All files (*)</source>
      <translation>PEM 文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>服务器：</translation>
    </message>
    <message>
      <source>Token:</source>
      <translation>令牌：</translation>
    </message>
    <message>
      <source>CA file:</source>
      <translation>CA 文件：</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>The server is a ws:// or wss:// URL, e.g. ws://127.0.0.1:7273/admin</source>
      <translation>服务器地址是 ws:// 或 wss:// URL，例如 ws://127.0.0.1:7273/admin</translation>
    </message>
    <message>
      <source>Enter the admin token.</source>
      <translation>请输入管理令牌。</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::EventLogPanel</name>
    <message>
      <source>events</source>
      <translation>事件</translation>
    </message>
    <message>
      <source>All events</source>
      <translation>所有事件</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::FcmForm</name>
    <message>
      <source>Service-account keys (*.json)</source>
      <translation>服务账号密钥 (*.json)</translation>
    </message>
    <message>
      <source>Service account</source>
      <translation>服务账号</translation>
    </message>
    <message>
      <source>Registration token</source>
      <translation>注册令牌</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Body</source>
      <translation>正文</translation>
    </message>
    <message>
      <source>Data (JSON)</source>
      <translation>数据（JSON）</translation>
    </message>
    <message>
      <source>the JSON key file from the Firebase console</source>
      <translation>从 Firebase 控制台下载的 JSON 密钥文件</translation>
    </message>
    <message>
      <source>Herald test</source>
      <translation>Herald 测试</translation>
    </message>
    <message>
      <source>A test push from the Herald console</source>
      <translation>来自 Herald 控制台的测试推送</translation>
    </message>
    <message>
      <source>choose the service-account JSON file (Firebase console, Project settings, Service accounts)</source>
      <translation>请选择服务账号 JSON 文件（Firebase 控制台 → 项目设置 → 服务账号）</translation>
    </message>
    <message>
      <source>not a usable service-account file: %1</source>
      <translation>不是可用的服务账号文件：%1</translation>
    </message>
    <message>
      <source>give the device's registration token</source>
      <translation>请填写设备的注册令牌</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::Format</name>
    <message>
      <source>delivered</source>
      <translation>已送达</translation>
    </message>
    <message>
      <source>retry later</source>
      <translation>稍后重试</translation>
    </message>
    <message>
      <source>token dead</source>
      <translation>令牌失效</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>被拒绝</translation>
    </message>
    <message>
      <source>configuration wrong</source>
      <translation>配置错误</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::GetuiForm</name>
    <message>
      <source>App ID</source>
      <translation>AppID</translation>
    </message>
    <message>
      <source>App key</source>
      <translation>AppKey</translation>
    </message>
    <message>
      <source>Master secret</source>
      <translation>主密钥</translation>
    </message>
    <message>
      <source>Client ID (cid)</source>
      <translation>客户端 ID（cid）</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Body</source>
      <translation>正文</translation>
    </message>
    <message>
      <source>Data (JSON)</source>
      <translation>数据（JSON）</translation>
    </message>
    <message>
      <source>Herald test</source>
      <translation>Herald 测试</translation>
    </message>
    <message>
      <source>A test push from the Herald console</source>
      <translation>来自 Herald 控制台的测试推送</translation>
    </message>
    <message>
      <source>give the app id (Getui console, the app's settings)</source>
      <translation>请填写 AppID（个推控制台 → 应用设置）</translation>
    </message>
    <message>
      <source>give the app key (Getui console, the app's settings)</source>
      <translation>请填写 AppKey（个推控制台 → 应用设置）</translation>
    </message>
    <message>
      <source>give the master secret</source>
      <translation>请填写主密钥（MasterSecret）</translation>
    </message>
    <message>
      <source>give the device's cid (the Getui SDK's client id)</source>
      <translation>请填写设备的 cid（个推 SDK 的客户端 ID）</translation>
    </message>
    <message>
      <source>a cid has no spaces</source>
      <translation>cid 不能包含空格</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::JPushForm</name>
    <message>
      <source>App key</source>
      <translation>AppKey</translation>
    </message>
    <message>
      <source>Master secret</source>
      <translation>主密钥</translation>
    </message>
    <message>
      <source>Registration ID</source>
      <translation>注册 ID</translation>
    </message>
    <message>
      <source>Alert</source>
      <translation>通知内容</translation>
    </message>
    <message>
      <source>A test push from the Herald console</source>
      <translation>来自 Herald 控制台的测试推送</translation>
    </message>
    <message>
      <source>give the app key (JPush console, the app's settings)</source>
      <translation>请填写 AppKey（极光控制台 → 应用设置）</translation>
    </message>
    <message>
      <source>give the master secret</source>
      <translation>请填写主密钥（Master Secret）</translation>
    </message>
    <message>
      <source>give the device's Registration ID</source>
      <translation>请填写设备的注册 ID（Registration ID）</translation>
    </message>
    <message>
      <source>a Registration ID has no spaces</source>
      <translation>注册 ID 中不能有空格</translation>
    </message>
    <message>
      <source>give the alert to show</source>
      <translation>请填写要显示的通知内容</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::KeysPanel</name>
    <message>
      <source>Create key</source>
      <translation>创建密钥</translation>
    </message>
    <message>
      <source>Revoke…</source>
      <translation>吊销…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>name, e.g. shop-backend</source>
      <translation>名称，例如 shop-backend</translation>
    </message>
    <message>
      <source>push: send commands only</source>
      <translation>push：仅发送命令</translation>
    </message>
    <message>
      <source>read: queries only</source>
      <translation>read：仅查询</translation>
    </message>
    <message>
      <source>full: everything, keys included</source>
      <translation>full：全部，包括密钥管理</translation>
    </message>
    <message>
      <source>Create a key with this name and scope; it is shown once</source>
      <translation>用这个名称和范围创建密钥；密钥只显示一次</translation>
    </message>
    <message>
      <source>Revoke the selected key: it is refused from the next request on</source>
      <translation>吊销选中的密钥：从下一个请求起拒绝它</translation>
    </message>
    <message>
      <source>New key:</source>
      <translation>新密钥：</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Backends authenticate with these keys (Authorization: Bearer KEY). Only their SHA-256 is kept: a key is shown once, when it is created.</source>
      <translation>后端用这些密钥认证（Authorization: Bearer KEY）。服务器只保存它们的 SHA-256：密钥只在创建时显示一次。</translation>
    </message>
    <message>
      <source>Keys not loaded: %1</source>
      <translation>未能加载密钥：%1</translation>
    </message>
    <message>
      <source>Key %1 not created: %2</source>
      <translation>未能创建密钥 %1：%2</translation>
    </message>
    <message>
      <source>Created key %1 (%2)</source>
      <translation>已创建密钥 %1（%2）</translation>
    </message>
    <message>
      <source>&lt;b&gt;Key %1&lt;/b&gt; (scope %2). Copy it now: the server keeps only its hash and will not show it again.</source>
      <translation>&lt;b&gt;密钥 %1&lt;/b&gt;（范围 %2）。请立即复制：服务器只保存它的哈希，不会再次显示。</translation>
    </message>
    <message>
      <source>Revoke key</source>
      <translation>吊销密钥</translation>
    </message>
    <message>
      <source>Revoke the key %1? Backends using it are refused from their next request on.</source>
      <translation>吊销密钥 %1？使用它的后端从下一个请求起会被拒绝。</translation>
    </message>
    <message>
      <source>revoke key %1</source>
      <translation>吊销密钥 %1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::Language</name>
    <message>
      <source>System language</source>
      <translation>系统语言</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::LogRows</name>
    <message>
      <source>from %1:%2</source>
      <translation>来自 %1:%2</translation>
    </message>
    <message>
      <source>%1 in room %2</source>
      <translation>%1 在房间 %2</translation>
    </message>
    <message>
      <source>room %1</source>
      <translation>房间 %1</translation>
    </message>
    <message>
      <source>uid %1</source>
      <translation>uid %1</translation>
    </message>
    <message>
      <source>push %1 to %2…: %3 %4</source>
      <translation>推送 %1 到 %2…：%3 %4</translation>
    </message>
    <message>
      <source>push %1%2: %3 of %4 sent, %5 delivered, %6 failed, %7 dead%8</source>
      <translation>推送 %1%2：已发送 %4 个中的 %3 个，送达 %5，失败 %6，失效 %7%8</translation>
    </message>
    <message>
      <source> to every device</source>
      <translation>到所有设备</translation>
    </message>
    <message>
      <source> (done)</source>
      <translation>（完成）</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Sender</source>
      <translation>发送者</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Event</source>
      <translation>事件</translation>
    </message>
    <message>
      <source>Client</source>
      <translation>客户端</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>disconnect</source>
      <translation>断开</translation>
    </message>
    <message>
      <source>login</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>join</source>
      <translation>加入</translation>
    </message>
    <message>
      <source>leave</source>
      <translation>离开</translation>
    </message>
    <message>
      <source>bind</source>
      <translation>绑定</translation>
    </message>
    <message>
      <source>unbind</source>
      <translation>解绑</translation>
    </message>
    <message>
      <source>session</source>
      <translation>会话</translation>
    </message>
    <message>
      <source>kick</source>
      <translation>踢出</translation>
    </message>
    <message>
      <source>apns</source>
      <translation>APNs</translation>
    </message>
    <message>
      <source>apns progress</source>
      <translation>APNs 进度</translation>
    </message>
    <message numerus="yes">
      <source>robot %1: %n message(s) not sent (%2): %3</source>
      <translation>
        <numerusform>机器人 %1：%n 条消息未发送（%2）：%3</numerusform>
      </translation>
    </message>
    <message>
      <source>robot</source>
      <translation>机器人</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::LogView</name>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>搜索</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清空</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>%1 of the last %2 %3 shown</source>
      <translation>显示最近 %2 条%3中的 %1 条</translation>
    </message>
    <message numerus="yes">
      <source> · paused, %n waiting</source>
      <translation>
        <numerusform> · 已暂停，%n 条待显示</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source> · %n older dropped</source>
      <translation>
        <numerusform> · 已丢弃 %n 条较早的</numerusform>
      </translation>
    </message>
    <message>
      <source>cannot write %1: %2</source>
      <translation>无法写入 %1：%2</translation>
    </message>
    <message>
      <source>Export %1</source>
      <translation>导出%1</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::MainWindow</name>
    <message>
      <source> READ-ONLY </source>
      <translation> 只读 </translation>
    </message>
    <message>
      <source>Herald console</source>
      <translation>Herald 控制台</translation>
    </message>
    <message>
      <source>Clients</source>
      <translation>客户端</translation>
    </message>
    <message>
      <source>Rooms</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Broadcast</source>
      <translation>广播</translation>
    </message>
    <message>
      <source>Room tail</source>
      <translation>房间监听</translation>
    </message>
    <message>
      <source>Stats</source>
      <translation>统计</translation>
    </message>
    <message>
      <source>Event log</source>
      <translation>事件日志</translation>
    </message>
    <message>
      <source>Signed in with the read-only token: nothing can be changed</source>
      <translation>已用只读令牌登录：不能做任何修改</translation>
    </message>
    <message>
      <source>%1 ms</source>
      <translation>%1 毫秒</translation>
    </message>
    <message>
      <source>&amp;Server</source>
      <translation>服务器(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Connect…</source>
      <translation>连接(&amp;C)…</translation>
    </message>
    <message>
      <source>Ctrl+O</source>
      <translation>Ctrl+O</translation>
    </message>
    <message>
      <source>&amp;Disconnect</source>
      <translation>断开(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Refresh counters</source>
      <translation>刷新计数(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Clients</source>
      <translation>客户端(&amp;C)</translation>
    </message>
    <message>
      <source>Ctrl+1</source>
      <translation>Ctrl+1</translation>
    </message>
    <message>
      <source>Ctrl+2</source>
      <translation>Ctrl+2</translation>
    </message>
    <message>
      <source>Token not remembered (no keychain: %1); it will be asked for again</source>
      <translation>未保存令牌（没有钥匙串：%1）；下次会再次询问</translation>
    </message>
    <message>
      <source>Wrong token: %1. Use admin.token (full) or admin-readonly.token from the server's data directory.</source>
      <translation>令牌错误：%1。请使用服务器数据目录中的 admin.token（完全权限）或 admin-readonly.token。</translation>
    </message>
    <message>
      <source>%1. Choose the CA that signed the server's certificate in Server › Connect.</source>
      <translation>%1。请在“服务器 › 连接”中选择签发服务器证书的 CA。</translation>
    </message>
    <message>
      <source>%1. Is herald-server running, and is this its API port?</source>
      <translation>%1。herald-server 是否在运行？这是它的 API 端口吗？</translation>
    </message>
    <message>
      <source> Retrying…</source>
      <translation> 正在重试…</translation>
    </message>
    <message>
      <source>%1 · herald-server %2 · node %3</source>
      <translation>%1 · herald-server %2 · 节点 %3</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <source>The language changes when the console starts again.</source>
      <translation>重新启动控制台后语言才会改变。</translation>
    </message>
    <message>
      <source>API keys</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>API &amp;keys</source>
      <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
      <source>Ctrl+3</source>
      <translation>Ctrl+3</translation>
    </message>
    <message>
      <source>A&amp;udit log</source>
      <translation>审计日志(&amp;U)</translation>
    </message>
    <message>
      <source>Ctrl+4</source>
      <translation>Ctrl+4</translation>
    </message>
    <message>
      <source> DEGRADED </source>
      <translation> 降级 </translation>
    </message>
    <message>
      <source>Nodes</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>This node cannot reach Redis: it serves its own clients, but nothing crosses to the other nodes and their clients are not listed. It reconnects by itself.</source>
      <translation>此节点无法连接集群的消息服务器：它继续服务自己的客户端，但消息无法传到其他节点，其他节点的客户端也不会列出。它会自动重连。</translation>
    </message>
    <message>
      <source>Node %1 lost Redis: it serves its own clients only until Redis is back</source>
      <translation>节点 %1 与 Redis 断开：在 Redis 恢复之前只服务自己的客户端</translation>
    </message>
    <message>
      <source>Test push</source>
      <translation>测试推送</translation>
    </message>
    <message>
      <source>&amp;Test push</source>
      <translation>测试推送(&amp;T)</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::NodesModel</name>
    <message>
      <source>%1 d %2 h</source>
      <translation>%1 天 %2 小时</translation>
    </message>
    <message>
      <source>%1 h %2 min</source>
      <translation>%1 小时 %2 分</translation>
    </message>
    <message>
      <source>%1 min %2 s</source>
      <translation>%1 分 %2 秒</translation>
    </message>
    <message>
      <source>%1 s</source>
      <translation>%1 秒</translation>
    </message>
    <message>
      <source>up</source>
      <translation>正常</translation>
    </message>
    <message>
      <source>degraded</source>
      <translation>降级</translation>
    </message>
    <message>
      <source>gone</source>
      <translation>已离开</translation>
    </message>
    <message>
      <source>%1 (this node)</source>
      <translation>%1（本节点）</translation>
    </message>
    <message>
      <source>connected</source>
      <translation>已连接</translation>
    </message>
    <message>
      <source>%1 ago</source>
      <translation>%1 前</translation>
    </message>
    <message>
      <source>Cut off from Redis: it serves its own clients, nothing crosses to the other nodes</source>
      <translation>与 Redis 断开：它服务自己的客户端，消息无法传到其他节点</translation>
    </message>
    <message>
      <source>Node</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Clients</source>
      <translation>客户端</translation>
    </message>
    <message>
      <source>Rooms</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Uptime</source>
      <translation>运行时间</translation>
    </message>
    <message>
      <source>Last heartbeat</source>
      <translation>最近心跳</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::NodesView</name>
    <message>
      <source>%1 (this node)</source>
      <translation>%1（本节点）</translation>
    </message>
    <message numerus="yes">
      <source>%n node(s) up</source>
      <translation>
        <numerusform>%n 个节点正常</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>, %n degraded</source>
      <translation>
        <numerusform>，%n 个降级</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>, %n gone</source>
      <translation>
        <numerusform>，%n 个已离开</numerusform>
      </translation>
    </message>
    <message>
      <source>No report from the server yet</source>
      <translation>服务器尚未报告</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::PushForm</name>
    <message>
      <source>the data is not valid JSON: %1</source>
      <translation>数据不是有效的 JSON：%1</translation>
    </message>
    <message>
      <source>the data must be a JSON object of strings</source>
      <translation>数据必须是值为字符串的 JSON 对象</translation>
    </message>
    <message>
      <source>Send to a stand-in (tests, staging)</source>
      <translation>发往替身服务（测试、预发布）</translation>
    </message>
    <message>
      <source>Send test push</source>
      <translation>发送测试推送</translation>
    </message>
    <message>
      <source>Nothing sent yet.</source>
      <translation>尚未发送。</translation>
    </message>
    <message>
      <source>Host</source>
      <translation>主机</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>端口</translation>
    </message>
    <message>
      <source>Certificates (*.pem *.crt)</source>
      <translation>证书 (*.pem *.crt)</translation>
    </message>
    <message>
      <source>CA file</source>
      <translation>CA 文件</translation>
    </message>
    <message>
      <source>&lt;b&gt;Answer&lt;/b&gt;</source>
      <translation>&lt;b&gt;应答&lt;/b&gt;</translation>
    </message>
    <message>
      <source>&lt;b&gt;History&lt;/b&gt;</source>
      <translation>&lt;b&gt;历史&lt;/b&gt;</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>Choose the file</source>
      <translation>选择文件</translation>
    </message>
    <message>
      <source>give the stand-in's host</source>
      <translation>请填写替身服务的主机</translation>
    </message>
    <message>
      <source>Not sent: correct the fields marked in red.</source>
      <translation>未发送：请修改标红的字段。</translation>
    </message>
    <message>
      <source>The secret was not saved in the keychain: %1</source>
      <translation>密钥未保存到钥匙串：%1</translation>
    </message>
    <message>
      <source>Sent; waiting for the answer…</source>
      <translation>已发送，等待应答…</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::PushHistory</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>Delivered</source>
      <translation>已送达</translation>
    </message>
    <message>
      <source>Retry later</source>
      <translation>稍后重试</translation>
    </message>
    <message>
      <source>Token dead</source>
      <translation>令牌已失效</translation>
    </message>
    <message>
      <source>Credentials wrong</source>
      <translation>凭据错误</translation>
    </message>
    <message>
      <source>Bad request</source>
      <translation>请求有误</translation>
    </message>
    <message>
      <source>waiting…</source>
      <translation>等待中…</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>发送时间</translation>
    </message>
    <message>
      <source>To</source>
      <translation>发往</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>应答</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::PushTab</name>
    <message>
      <source>APNs (Apple)</source>
      <translation>APNs（苹果）</translation>
    </message>
    <message>
      <source>FCM (Firebase)</source>
      <translation>FCM（Firebase）</translation>
    </message>
    <message>
      <source>JPush</source>
      <translation>极光推送</translation>
    </message>
    <message>
      <source>Getui</source>
      <translation>个推</translation>
    </message>
    <message>
      <source>DingTalk robot</source>
      <translation>钉钉机器人</translation>
    </message>
    <message>
      <source>Feishu / Lark robot</source>
      <translation>飞书机器人</translation>
    </message>
    <message>
      <source>WeCom robot</source>
      <translation>企业微信机器人</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>推送服务</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::RobotForm</name>
    <message>
      <source>@all: mention everyone in the group</source>
      <translation>@所有人：提醒群里的每个人</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>文本</translation>
    </message>
    <message>
      <source>Markdown</source>
      <translation>Markdown</translation>
    </message>
    <message>
      <source>Webhook URL</source>
      <translation>Webhook 地址</translation>
    </message>
    <message>
      <source>Secret</source>
      <translation>加签密钥</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>格式</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>as the group's robot settings show it</source>
      <translation>与群机器人设置中显示的一致</translation>
    </message>
    <message>
      <source>the signing secret, if the robot has one</source>
      <translation>加签密钥（机器人设置了才需要）</translation>
    </message>
    <message>
      <source>A test message from the Herald console</source>
      <translation>来自 Herald 控制台的测试消息</translation>
    </message>
    <message>
      <source>give the robot's webhook URL</source>
      <translation>请填写机器人的 Webhook 地址</translation>
    </message>
    <message>
      <source>not a webhook URL: it starts with https:// and names the service's host</source>
      <translation>不是 Webhook 地址：应以 https:// 开头并写明服务的主机名</translation>
    </message>
    <message>
      <source>a markdown message needs a title</source>
      <translation>Markdown 消息需要标题</translation>
    </message>
    <message>
      <source>write the text to post</source>
      <translation>请填写要发送的内容</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::RobotMirrorBox</name>
    <message>
      <source>Also post to robots:</source>
      <translation>同时发到机器人：</translation>
    </message>
    <message>
      <source>The message also goes, as text, to the ticked group-chat robots (DingTalk, Feishu, WeCom), within each robot's rate</source>
      <translation>消息也会以文本形式发到勾选的群聊机器人（钉钉、飞书、企业微信），遵守每个机器人的频率限制</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::RoomsModel</name>
    <message>
      <source>Room</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Nodes</source>
      <translation>节点</translation>
    </message>
    <message numerus="yes">
      <source>node %1: %n member(s)</source>
      <translation>
        <numerusform>节点 %1：%n 名成员</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::RoomsPanel</name>
    <message>
      <source>Broadcast…</source>
      <translation>广播…</translation>
    </message>
    <message>
      <source>Tail</source>
      <translation>监听</translation>
    </message>
    <message>
      <source>Dissolve…</source>
      <translation>解散…</translation>
    </message>
    <message>
      <source>Compose a message to everyone in this room</source>
      <translation>给这个房间里的所有人写消息</translation>
    </message>
    <message>
      <source>Watch the messages said in this room</source>
      <translation>查看在这个房间里说的消息</translation>
    </message>
    <message>
      <source>Make every member leave this room</source>
      <translation>让所有成员离开这个房间</translation>
    </message>
    <message>
      <source>Select a room to see its members</source>
      <translation>选择一个房间以查看其成员</translation>
    </message>
    <message>
      <source>Members of room %1</source>
      <translation>房间 %1 的成员</translation>
    </message>
    <message>
      <source>Dissolve room</source>
      <translation>解散房间</translation>
    </message>
    <message numerus="yes">
      <source>Make all %n member(s) of room %1 leave it? Their connections stay open.</source>
      <translation>
        <numerusform>让房间 %1 的全部 %n 个成员离开？他们的连接保持打开。</numerusform>
      </translation>
    </message>
    <message>
      <source>dissolve room %1</source>
      <translation>解散房间 %1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::SessionDialog</name>
    <message>
      <source>Session of %1</source>
      <translation>%1 的会话</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>加载中…</translation>
    </message>
    <message>
      <source>Cannot load the session: %1</source>
      <translation>无法加载会话：%1</translation>
    </message>
    <message>
      <source>The session must be a JSON object (%1).</source>
      <translation>会话必须是 JSON 对象（%1）。</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>未保存：%1</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::StaleBanner</name>
    <message>
      <source>Connected — loading what the server has now…</source>
      <translation>已连接 — 正在加载服务器的当前状态…</translation>
    </message>
    <message>
      <source>&lt;b&gt;Not connected yet&lt;/b&gt; — connecting…</source>
      <translation>&lt;b&gt;尚未连接&lt;/b&gt; — 正在连接…</translation>
    </message>
    <message>
      <source>&lt;b&gt;Not connected.&lt;/b&gt; Server › Connect… to see the server's clients and rooms.</source>
      <translation>&lt;b&gt;未连接。&lt;/b&gt;使用“服务器 › 连接…”查看服务器的客户端和房间。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Disconnected — reconnecting…&lt;/b&gt; Not live: this is how the server was when the connection was lost. It is loaded again once the server answers.</source>
      <translation>&lt;b&gt;连接已断开 — 正在重新连接…&lt;/b&gt;以下不是实时数据：这是连接断开时服务器的状态。服务器应答后会重新加载。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Disconnected.&lt;/b&gt; Not live: this is how the server was when the connection closed. Server › Connect… to see it again.</source>
      <translation>&lt;b&gt;连接已断开。&lt;/b&gt;以下不是实时数据：这是连接关闭时服务器的状态。使用“服务器 › 连接…”再次查看。</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::StatsPanel</name>
    <message>
      <source>Connections</source>
      <translation>连接数</translation>
    </message>
    <message>
      <source>Rooms</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Uids</source>
      <translation>Uid</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>Logins</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Messages in</source>
      <translation>收到消息</translation>
    </message>
    <message>
      <source>Messages out</source>
      <translation>发出消息</translation>
    </message>
    <message>
      <source>Bytes in</source>
      <translation>收到字节</translation>
    </message>
    <message>
      <source>Bytes out</source>
      <translation>发出字节</translation>
    </message>
    <message>
      <source>Hub sends</source>
      <translation>Hub 发送</translation>
    </message>
    <message>
      <source>connections</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Messages per second</source>
      <translation>每秒消息数</translation>
    </message>
    <message>
      <source>in</source>
      <translation>收</translation>
    </message>
    <message>
      <source>out</source>
      <translation>发</translation>
    </message>
    <message>
      <source>logins</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Bytes per second</source>
      <translation>每秒字节数</translation>
    </message>
  </context>
  <context>
    <name>Herald::Console::TailPanel</name>
    <message>
      <source>messages</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Tail</source>
      <translation>监听</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>房间</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Not connected to the server: rooms can be tailed once it is back</source>
      <translation>未连接到服务器：服务器恢复后才能监听房间</translation>
    </message>
    <message>
      <source>Not tailing any room: enter a room and press Tail</source>
      <translation>没有监听任何房间：输入房间并按“监听”</translation>
    </message>
    <message>
      <source>Tailing rooms: %1</source>
      <translation>正在监听的房间：%1</translation>
    </message>
    <message>
      <source>Paused, not connected (they resume when the server is back): %1</source>
      <translation>已暂停，未连接（服务器恢复后继续）：%1</translation>
    </message>
  </context>
</TS>
