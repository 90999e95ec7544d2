package hoop.core.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Calls that change who may reach a resource through a parameter rather than through their name: a queue's or
 * topic's Policy attribute, a key created with its policy, a snapshot or image shared with another account or with
 * everyone, a function URL anyone may call, a security group opened beyond the private networks, data delivered to
 * another account. Named by their name alone they were writes, and an agent kept away from
 * admin calls made a queue readable by any account with `sqs set-queue-attributes --attributes Policy=...`. The one
 * table both ways in use read it: the API proxy with a request's parameters (JSON, or a query form's flat names),
 * `hoop exec` with the aws CLI's options read as the same names.
 */
public final class AccessChanges {
    /** How the API proxy marks such a call among its implied actions: no IAM action is named so. */
    public static final String MARKER = "hoop:ChangesAccess";

    /**
     * Calls that change access whatever their parameters: sharing a snapshot (its only attribute), attaching an IoT
     * policy to a certificate, authorizing another account on a Redshift snapshot or datashare, sharing through RAM.
     * Names in lower case: the CLI's kebab-case loses an acronym's case (modify-db-snapshot-attribute).
     */
    private static final Set<String> ALWAYS = Set.of("ec2:modifysnapshotattribute", "ec2:modifyvpcendpointservicepermissions",
            "rds:modifydbsnapshotattribute", "rds:modifydbclustersnapshotattribute",
            "iot:attachpolicy", "iot:detachpolicy", "iot:attachprincipalpolicy", "iot:detachprincipalpolicy",
            "redshift:authorizesnapshotaccess", "redshift:revokesnapshotaccess", "redshift:authorizedatashare",
            "redshift:authorizeendpointaccess", "ram:createresourceshare", "ram:updateresourceshare", "ram:associateresourceshare",
            "ram:associateresourcesharepermission", "ram:replacepermissionassociations", "ram:enablesharingwithawsorganization",
            "logs:putdestinationpolicy", "glacier:initiatevaultlock", "glacier:completevaultlock",
            // Sharing with other accounts or everyone, and lifting the blocks that keep images and snapshots private.
            "ssm:modifydocumentpermission", "ds:sharedirectory", "servicecatalog:createportfolioshare", "servicecatalog:updateportfolioshare",
            "ec2:disableimageblockpublicaccess", "ec2:disablesnapshotblockpublicaccess", "lightsail:setresourceaccessforbucket",
            "ses:putidentitypolicy", "ses:createemailidentitypolicy", "ses:updateemailidentitypolicy",
            // An instance's public ports: without cidrs given, Lightsail opens them to every address.
            "lightsail:openinstancepublicports", "lightsail:putinstancepublicports",
            // An HTTP endpoint outside AWS that event rules then deliver to, as an https subscription is.
            "events:createapidestination", "events:updateapidestination",
            // A public address for an instance or interface, a network's way to and from the internet: what the
            // security groups let in is then reachable from anywhere.
            "ec2:associateaddress", "ec2:attachinternetgateway", "ec2:attachegressonlyinternetgateway",
            // A principal (of any account) or an identity provider let into a Kubernetes cluster; roles handed to
            // identities of a pool, unauthenticated ones among them (anyone on the internet).
            "eks:createaccessentry", "eks:updateaccessentry", "eks:associateaccesspolicy", "eks:associateidentityproviderconfig",
            "cognito-identity:setidentitypoolroles",
            // Without ownership controls a bucket is back to ObjectWriter: the ACLs on it and its objects, which
            // BucketOwnerEnforced had switched off (grants to AllUsers or another account among them), count again.
            "s3:deletebucketownershipcontrols");

    /** Per call, the parameters that make it change access. */
    private static final Map<String, Predicate<Params>> BY_PARAMETER = Map.ofEntries(
            // An attribute named Policy: {"Attributes": {"Policy": ...}} (JSON, the CLI), Attribute.N.Name=Policy
            // (SQS's query form), Attributes.entry.N.key=Policy and AttributeName=Policy (SNS's).
            Map.entry("sqs:createqueue", p -> p.names("Policy", "RedriveAllowPolicy")),
            Map.entry("sqs:setqueueattributes", p -> p.names("Policy", "RedriveAllowPolicy")),
            Map.entry("sns:createtopic", p -> p.names("Policy")),
            Map.entry("sns:settopicattributes", p -> p.names("Policy")),
            Map.entry("kms:createkey", p -> p.has("Policy")),
            Map.entry("kms:replicatekey", p -> p.has("Policy")),
            Map.entry("dynamodb:createtable", p -> p.has("ResourcePolicy")),
            Map.entry("es:createdomain", p -> p.has("AccessPolicies")),
            Map.entry("es:updatedomainconfig", p -> p.has("AccessPolicies")),
            Map.entry("es:createelasticsearchdomain", p -> p.has("AccessPolicies")),
            Map.entry("es:updateelasticsearchdomainconfig", p -> p.has("AccessPolicies")),
            Map.entry("apigateway:createrestapi", p -> p.has("Policy")),
            // A Lightsail bucket's access rules make its objects public (getObject=public).
            Map.entry("lightsail:updatebucket", p -> p.has("AccessRules")),
            Map.entry("apigateway:updaterestapi", p -> p.says("/policy")),
            // Who may launch an image or load an FPGA image: Attribute=launchPermission, the LaunchPermission
            // structure, or the users, groups ("all") and organizations it is given to.
            Map.entry("ec2:modifyimageattribute", p -> p.names("launchPermission") || p.has("LaunchPermission", "UserIds", "UserId",
                    "UserGroups", "UserGroup", "OrganizationArns", "OrganizationArn", "OrganizationalUnitArns", "OrganizationalUnitArn")),
            Map.entry("ec2:modifyfpgaimageattribute", p -> p.names("loadPermission") || p.has("LoadPermission", "UserIds", "UserId",
                    "UserGroups", "UserGroup")),
            // A subscription delivering every later message to an address outside AWS (http, https, email, sms, a
            // mobile app), where no rule, masking or recording follows it.
            Map.entry("sns:subscribe", p -> p.value("Protocol").stream().anyMatch(v -> !Set.of("sqs", "lambda", "firehose")
                    .contains(v.toLowerCase(Locale.ROOT)))),
            // A delivery stream to an HTTP endpoint or a third party's service.
            Map.entry("firehose:createdeliverystream", AccessChanges::outsideAws),
            Map.entry("firehose:updatedestination", AccessChanges::outsideAws),
            // A database or cluster reachable from the internet (--publicly-accessible is a flag: given, it is no "false").
            Map.entry("rds:createdbinstance", AccessChanges::public_),
            Map.entry("rds:modifydbinstance", AccessChanges::public_),
            Map.entry("rds:createdbcluster", AccessChanges::public_),
            Map.entry("rds:modifydbcluster", AccessChanges::public_),
            Map.entry("rds:createdbinstancereadreplica", AccessChanges::public_),
            Map.entry("rds:restoredbinstancefromdbsnapshot", AccessChanges::public_),
            Map.entry("rds:restoredbinstancetopointintime", AccessChanges::public_),
            Map.entry("rds:restoredbinstancefroms3", AccessChanges::public_),
            Map.entry("redshift:createcluster", AccessChanges::public_),
            Map.entry("redshift:modifycluster", AccessChanges::public_),
            Map.entry("redshift:restorefromclustersnapshot", AccessChanges::public_),
            Map.entry("dms:createreplicationinstance", AccessChanges::public_),
            Map.entry("dms:modifyreplicationinstance", AccessChanges::public_),
            Map.entry("rds:restoredbclusterfromsnapshot", AccessChanges::public_),
            Map.entry("rds:restoredbclustertopointintime", AccessChanges::public_),
            Map.entry("redshift-serverless:createworkgroup", AccessChanges::public_),
            Map.entry("redshift-serverless:updateworkgroup", AccessChanges::public_),
            Map.entry("lightsail:createrelationaldatabase", AccessChanges::public_),
            Map.entry("lightsail:updaterelationaldatabase", AccessChanges::public_),
            Map.entry("mq:createbroker", AccessChanges::public_),
            // An instance or interface given a public address (the CLI's --associate-public-ip-address is a flag), a
            // subnet giving every instance launched in it one.
            Map.entry("ec2:runinstances", p -> p.on("AssociatePublicIpAddress")),
            Map.entry("ec2:modifynetworkinterfaceattribute", p -> p.on("AssociatePublicIpAddress") || p.has("Groups", "SecurityGroupId")),
            Map.entry("ec2:modifysubnetattribute", p -> p.on("MapPublicIpOnLaunch") || p.on("AssignIpv6AddressOnCreation")),
            // What a later launch gives its instances: run-instances --launch-template names no address of its own.
            Map.entry("ec2:createlaunchtemplate", p -> p.on("AssociatePublicIpAddress")),
            Map.entry("ec2:createlaunchtemplateversion", p -> p.on("AssociatePublicIpAddress")),
            Map.entry("autoscaling:createlaunchconfiguration", p -> p.on("AssociatePublicIpAddress")),
            // A route to an internet gateway makes a subnet public.
            Map.entry("ec2:createroute", p -> p.value("GatewayId").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).startsWith("igw-"))),
            Map.entry("ec2:replaceroute", p -> p.value("GatewayId").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).startsWith("igw-"))),
            // EMR's block on clusters with security groups open to the internet lifted, or ports let through it.
            Map.entry("elasticmapreduce:putblockpublicaccessconfiguration", p -> p.has("PermittedPublicSecurityGroupRuleRanges")
                    || p.value("BlockPublicSecurityGroupRules").stream().anyMatch(v -> v.equalsIgnoreCase("false"))),
            // An identity pool handing credentials to unauthenticated identities.
            Map.entry("cognito-identity:createidentitypool", p -> p.on("AllowUnauthenticatedIdentities")),
            Map.entry("cognito-identity:updateidentitypool", p -> p.on("AllowUnauthenticatedIdentities")),
            // Other groups guarding an instance: hoop does not see their rules, which may let anyone in.
            Map.entry("ec2:modifyinstanceattribute", p -> p.has("Groups", "GroupId") || p.names("groupSet")),
            // Snapshots that may be shared publicly again.
            Map.entry("ec2:enablesnapshotblockpublicaccess", p -> p.value("State").stream().anyMatch(v -> v.equalsIgnoreCase("unblocked"))),
            // A cluster's API endpoint on the internet: EKS makes it public unless told endpointPublicAccess=false.
            Map.entry("eks:createcluster", p -> p.value("EndpointPublicAccess").isEmpty()
                    || p.value("EndpointPublicAccess").stream().anyMatch(v -> !v.equalsIgnoreCase("false"))),
            Map.entry("eks:updateclusterconfig", p -> p.value("EndpointPublicAccess").stream().anyMatch(v -> !v.equalsIgnoreCase("false"))
                    || p.outside("PublicAccessCidrs")),
            // An MSK cluster's brokers given public addresses (PublicAccess Type SERVICE_PROVIDED_EIPS).
            Map.entry("kafka:updateconnectivity", p -> p.value("Type").stream().anyMatch(v -> !v.equalsIgnoreCase("DISABLED"))),
            // An API Gateway key's value asked for (--include-value): a bearer key to the API, used without hoop.
            Map.entry("apigateway:getapikey", p -> p.on("IncludeValue")),
            Map.entry("apigateway:getapikeys", p -> p.on("IncludeValues")),
            // A topic rule's HTTP action, and the destination it needs, deliver every message outside AWS; so may its
            // Kafka action (bootstrap.servers: any cluster the rule's network reaches).
            Map.entry("iot:createtopicrule", p -> p.has("http", "kafka")),
            Map.entry("iot:replacetopicrule", p -> p.has("http", "kafka")),
            Map.entry("iot:createtopicruledestination", p -> p.has("httpUrlConfiguration")),
            // A bucket's replicas, inventories and analytics exports into a bucket whose owner the configuration does not
            // name as the connection's account: a bucket's ARN names no account, and S3 delivers into any bucket whose
            // policy lets it (Destination.Account, AccountId, BucketAccountId are checked only when given).
            Map.entry("s3:putbucketreplication", AccessChanges::unownedBucket),
            Map.entry("s3:putbucketinventory", AccessChanges::unownedBucket),
            Map.entry("s3:putbucketinventoryconfiguration", AccessChanges::unownedBucket),
            Map.entry("s3:putbucketanalytics", AccessChanges::unownedBucket),
            Map.entry("s3:putbucketanalyticsconfiguration", AccessChanges::unownedBucket),
            // Grants carried inside a bucket configuration's body rather than by x-amz-acl: the ACL S3 puts on every
            // log object it delivers (TargetGrants: AllUsers, another account), on a restore's output objects
            // (OutputLocation.S3.CannedACL, AccessControlList); and ownership controls other than BucketOwnerEnforced,
            // which switch the bucket's and its objects' ACLs back on.
            Map.entry("s3:putbucketlogging", p -> p.has("TargetGrants")),
            Map.entry("s3:restoreobject", p -> p.has("AccessControlList", "CannedACL")),
            Map.entry("s3:putbucketownershipcontrols", p -> p.value("ObjectOwnership").isEmpty()
                    || p.value("ObjectOwnership").stream().anyMatch(v -> !v.equalsIgnoreCase("BucketOwnerEnforced"))),
            // A load balancer is internet-facing unless its Scheme says internal: what it routes to is reachable from anywhere.
            Map.entry("elasticloadbalancing:createloadbalancer", p -> p.value("Scheme").isEmpty()
                    || p.value("Scheme").stream().anyMatch(v -> !v.equalsIgnoreCase("internal"))),
            // Any AuthType but AWS_IAM (NONE) lets anyone on the internet call the function's URL.
            Map.entry("lambda:createfunctionurlconfig", AccessChanges::anyoneMayCall),
            Map.entry("lambda:updatefunctionurlconfig", AccessChanges::anyoneMayCall));

    private AccessChanges() {}

    /** PubliclyAccessible given, and not false. */
    private static boolean public_(Params p) {
        return p.has("PubliclyAccessible") && p.value("PubliclyAccessible").stream().noneMatch(v -> v.equalsIgnoreCase("false"));
    }

    /** A destination bucket (Bucket) whose structure does not name the connection's account as its owner. */
    private static boolean unownedBucket(Params p) {
        return p.structures.stream().anyMatch(m -> m.keySet().stream().anyMatch(k -> String.valueOf(k).equalsIgnoreCase("Bucket"))
                && m.entrySet().stream().noneMatch(e -> Set.of("account", "accountid", "bucketaccountid")
                        .contains(String.valueOf(e.getKey()).toLowerCase(Locale.ROOT)) && String.valueOf(e.getValue()).strip().equals(p.account)));
    }

    /** A Firehose destination outside AWS. */
    private static boolean outsideAws(Params p) {
        return p.has("HttpEndpointDestinationConfiguration", "HttpEndpointDestinationUpdate", "SplunkDestinationConfiguration",
                "SplunkDestinationUpdate", "SnowflakeDestinationConfiguration", "SnowflakeDestinationUpdate");
    }

    /** A function URL's AuthType other than AWS_IAM. */
    private static boolean anyoneMayCall(Params p) {
        return p.value("AuthType").stream().anyMatch(v -> !v.equalsIgnoreCase("AWS_IAM"));
    }

    /** Whether the call changes access by its name alone. */
    public static boolean always(String operation) {
        return ALWAYS.contains(operation.toLowerCase(Locale.ROOT));
    }

    /**
     * Calls that deliver data to where their parameters point: a subscription's endpoint, a log subscription's or an
     * event rule's target, a backup copy's vault, an image registry's replica. Pointed at another account (an ARN or
     * registry id of an account not the connection's), they hand that account the data from then on.
     */
    private static final Set<String> DELIVERS = Set.of("sns:subscribe", "logs:putsubscriptionfilter", "events:puttargets",
            "backup:startcopyjob", "ecr:putreplicationconfiguration",
            // A bucket's event notifications (an SNS topic, SQS queue or function of another account), its replicas
            // (Destination.Account), as the API proxy (by sub-resource) and the CLI name them.
            "s3:putbucketnotification", "s3:putbucketnotificationconfiguration", "s3:putbucketreplication",
            // Inventories and analytics exports into another account's bucket (Destination...AccountId).
            "s3:putbucketinventory", "s3:putbucketinventoryconfiguration", "s3:putbucketanalytics", "s3:putbucketanalyticsconfiguration",
            // Account-wide log subscriptions; a backup plan's scheduled copies; a schedule's, pipe's or rule's
            // target; a function's results and failed events; a trail's or configuration set's topic.
            "logs:putaccountpolicy", "logs:createdelivery", "logs:putdeliverydestination", "backup:createbackupplan",
            "backup:updatebackupplan", "scheduler:createschedule", "scheduler:updateschedule", "pipes:createpipe", "pipes:updatepipe",
            "iot:createtopicrule", "iot:replacetopicrule", "lambda:putfunctioneventinvokeconfig", "lambda:updatefunctioneventinvokeconfig",
            "lambda:createeventsourcemapping", "lambda:updateeventsourcemapping", "cloudtrail:createtrail", "cloudtrail:updatetrail",
            "ses:createconfigurationseteventdestination", "ses:updateconfigurationseteventdestination",
            "dynamodb:enablekinesisstreamingdestination", "config:putdeliverychannel",
            // A network joined to another account's (PeerOwnerId, PeerAccountId): its hosts reach the VPC's.
            "ec2:createvpcpeeringconnection", "ec2:createtransitgatewaypeeringattachment");

    /**
     * Firewall rules letting traffic in or out: a security group's rules (EC2's, and the DB, Redshift and ElastiCache
     * security groups of EC2-Classic's time). Opened to addresses outside the private networks, to a prefix list
     * (which may hold any), or to another account's group, they change who may reach what the group guards.
     */
    private static final Set<String> OPENS_NETWORK = Set.of("ec2:authorizesecuritygroupingress", "ec2:modifysecuritygrouprules",
            // Egress to the internet: what the group guards may then send its data anywhere.
            "ec2:authorizesecuritygroupegress",
            "rds:authorizedbsecuritygroupingress", "redshift:authorizeclustersecuritygroupingress",
            "elasticache:authorizecachesecuritygroupingress");
    // In any case: "ARN:aws:sqs:..." is no ARN to hoop, and a service reading it as one would deliver where it names.
    private static final java.util.regex.Pattern ACCOUNT_ARN = java.util.regex.Pattern.compile("(?is)arn:[^:]*:[^:]*:[^:]*:(\\d{12}):.*");
    /** A queue's URL (an IoT rule's sqs action names its queue so): the account is the path's first segment. */
    private static final java.util.regex.Pattern ACCOUNT_URL = java.util.regex.Pattern.compile("(?is)[a-z0-9+.-]*://[^/]*/(\\d{12})(?:/.*)?");

    /** Whether the call's parameters are among those the table reads: the CLI refuses a value hoop cannot read for them. */
    public static boolean readsParameters(String operation) {
        String op = operation.toLowerCase(Locale.ROOT);
        return BY_PARAMETER.containsKey(op) || DELIVERS.contains(op) || OPENS_NETWORK.contains(op);
    }

    /**
     * Whether the call changes access by its parameters: Maps, Lists and Strings as parsed from JSON or (flat names,
     * Attribute.1.Name) from a query form; names and values compared in any case. account: the connection's (its
     * jit role's), which a call delivering data may point at; another, or "*" where none is known, is not it.
     */
    public static boolean byParameters(String operation, Map<String, ?> params, String account) {
        String op = operation.toLowerCase(Locale.ROOT);
        Predicate<Params> p = BY_PARAMETER.get(op);
        boolean delivers = DELIVERS.contains(op);
        boolean opens = OPENS_NETWORK.contains(op);
        if (p == null && !delivers && !opens) return false;  // most calls: their parameters are not walked
        Params given = new Params(params, account);
        return p != null && p.test(given) || delivers && given.otherAccount(account) || opens && given.opensNetwork(account);
    }

    /** A call's parameters as (last name, value) leaves, whatever their nesting or flattening. */
    private static final class Params {
        /** Each leaf: its last name, its value, and the names leading to it (each part of a flat name, in lower case). */
        private final List<String[]> leaves = new ArrayList<>();
        private final Set<String> names = new java.util.HashSet<>();
        /** Every structure given, as given (a JSON object, a shorthand structure, an XML element's children). */
        private final List<Map<?, ?>> structures = new ArrayList<>();
        private final String account;

        Params(Object params, String account) {
            this.account = account;
            walk(params, "", "", 0);
        }

        private void walk(Object v, String name, String path, int depth) {
            if (depth > 64) return;
            if (v instanceof Map<?, ?> m) {
                // Not the call's own parameters: the CLI's --bucket is the bucket configured, no destination.
                if (depth > 0) structures.add(m);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    // A flat name (LaunchPermission.Add.1.Group) holds each structure it stands in.
                    for (String part : String.valueOf(e.getKey()).split("\\.")) names.add(part.toLowerCase(Locale.ROOT));
                    String n = last(String.valueOf(e.getKey()));
                    walk(e.getValue(), n, path + "." + String.valueOf(e.getKey()).toLowerCase(Locale.ROOT), depth + 1);
                }
            } else if (v instanceof List<?> l) {
                for (Object o : l) walk(o, name, path, depth + 1);
            } else if (v != null) {
                leaves.add(new String[] {name, String.valueOf(v).strip(), path});
            }
        }

        /** The leaves given under a name standing for this one (at any depth: MapPublicIpOnLaunch.Value). */
        private List<String[]> under(String wanted) {
            return leaves.stream().filter(l -> java.util.Arrays.stream(l[2].split("\\.")).anyMatch(part -> standsFor(part, wanted))).toList();
        }

        /**
         * A switch turned on: given as a flag (the CLI's --associate-public-ip-address, no value), or with some value
         * under it not false.
         */
        boolean on(String wanted) {
            if (!has(wanted)) return false;
            List<String[]> given = under(wanted);
            return given.isEmpty() || given.stream().anyMatch(l -> !l[1].equalsIgnoreCase("false"));
        }

        /** A range outside the private networks under a name holding this word (Cidr: CidrBlock, Ipv6CidrBlock...). */
        boolean outside(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            return leaves.stream().anyMatch(l -> java.util.Arrays.stream(l[2].split("\\.")).anyMatch(part -> part.contains(w)
                    || part.length() >= 3 && standsFor(part, w)) && !Cidrs.internal(l[1]));
        }

        /** "Attribute.1.Name" is "name", "Attributes.entry.2.key" "key": the last part that is not an index. */
        private static String last(String key) {
            String[] parts = key.split("\\.");
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].matches("\\d+|member|entry")) return parts[i].toLowerCase(Locale.ROOT);
            }
            return key.toLowerCase(Locale.ROOT);
        }

        /**
         * Whether a name given stands for this one: itself, or (the aws CLI's argparse reads an unambiguous prefix of
         * an option as the option) a prefix of it: `--auth NONE` is --auth-type NONE.
         */
        private static boolean standsFor(String given, String wanted) {
            return !given.isEmpty() && wanted.toLowerCase(Locale.ROOT).startsWith(given);
        }

        /** A parameter of one of these names. */
        boolean has(String... wanted) {
            for (String w : wanted) for (String n : names) if (standsFor(n, w)) return true;
            return false;
        }

        /**
         * An attribute of one of these names: a parameter so named, or any value naming it (Attribute.1.Name=Policy,
         * AttributeName=Policy, whatever name an abbreviated option gives it).
         */
        boolean names(String... wanted) {
            if (has(wanted)) return true;
            for (String[] leaf : leaves) for (String w : wanted) if (leaf[1].equalsIgnoreCase(w)) return true;
            return false;
        }

        /** Some value is this one (a patch operation's path "/policy"). */
        boolean says(String wanted) {
            return leaves.stream().anyMatch(l -> l[1].equalsIgnoreCase(wanted));
        }

        /** Some value names an account not this one: an ARN's account field, or a registry or account id. */
        boolean otherAccount(String account) {
            for (String[] leaf : leaves) {
                java.util.regex.Matcher m = ACCOUNT_ARN.matcher(leaf[1]);
                java.util.regex.Matcher url = ACCOUNT_URL.matcher(leaf[1]);
                String id = m.matches() ? m.group(1) : url.matches() ? url.group(1) : (leaf[0].endsWith("registryid") || leaf[0].endsWith("accountid") || leaf[0].equals("account")
                        || leaf[0].endsWith("ownerid"))
                        && leaf[1].matches("\\d{12}") ? leaf[1] : null;
                if (id != null && !id.equals(account)) return true;
            }
            return false;
        }

        /**
         * Some range outside the private networks (CidrIp, CidrIpv6, CidrIpv4, RDS's CIDRIP, the CLI's --cidr), a
         * prefix list, a group in a peered VPC, or a group owner (UserId, SourceSecurityGroupOwnerId, the CLI's
         * --group-owner) not this account.
         */
        boolean opensNetwork(String account) {
            if (has("PrefixListId", "VpcPeeringConnectionId")) return true;
            for (String[] leaf : leaves) {
                String n = leaf[0];
                if ((n.startsWith("cidr") || n.length() >= 3 && "cidr".startsWith(n)) && !Cidrs.internal(leaf[1])) return true;
                boolean owner = n.equals("userid") || n.endsWith("securitygroupownerid") || standsFor(n, "groupowner") && n.length() >= 6;
                if (owner && !leaf[1].equals(account)) return true;
                if (n.endsWith("groupid") && leaf[1].contains("/")) return true;  // ACCOUNT/sg-...: another's group
            }
            return false;
        }

        /** The values of the parameters of this name. */
        List<String> value(String name) {
            return leaves.stream().filter(l -> standsFor(l[0], name)).map(l -> l[1]).toList();
        }
    }
}
