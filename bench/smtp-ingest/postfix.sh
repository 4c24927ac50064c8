#!/bin/sh
# A private Postfix instance (Debian's postfix package) on 127.0.0.1:PORT delivering every message
# for rcpt@bench.localhost to a Maildir under DIR; prints nothing, leaves it running.
#   postfix.sh start DIR PORT    |    postfix.sh stop DIR
# Needs root (Postfix drops to the `postfix` user itself). Used by bench/smtp-ingest/run.ts.
set -e
cmd=$1; dir=$2; port=$3
if [ "$cmd" = stop ]; then postfix -c "$dir/etc" stop >/dev/null 2>&1 || true; exit 0; fi
mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/mail"
cp /usr/share/postfix/master.cf.dist "$dir/etc/master.cf"
sed -i "s/^smtp      inet  n       -       y       -       -       smtpd$/127.0.0.1:$port      inet  n       -       n       -       -       smtpd/" "$dir/etc/master.cf"
grep -q "^127.0.0.1:$port" "$dir/etc/master.cf"
uid=$(id -u nobody); gid=$(id -g nobody)
chown -R nobody:nogroup "$dir/mail"
cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
maillog_file = $dir/maillog
maillog_file_prefixes = $dir, /var, /dev/stdout
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = bench.localhost
mydestination =
mynetworks = 127.0.0.0/8
smtpd_recipient_restrictions = permit_mynetworks, reject
virtual_mailbox_domains = bench.localhost
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:rcpt/
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_destination_concurrency_limit = 20
default_process_limit = 200
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
anvil_rate_time_unit = 60s
message_size_limit = 94371840
virtual_mailbox_limit = 0
CF
chmod 755 "$dir"
chown postfix "$dir/data"
touch "$dir/maillog"
postfix -c "$dir/etc" set-permissions >/dev/null 2>&1 || true
postfix -c "$dir/etc" check
postfix -c "$dir/etc" start
