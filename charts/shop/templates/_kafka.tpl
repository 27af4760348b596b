{{- /*
Kafka TLS and SASL of one service (docs/kafka-security.md). Called with (list $ $name); each
renders nothing for a service without Kafka or with the feature off.
*/ -}}

{{- define "shop.usesKafka" -}}
{{- if has "kafka" (include "shop.backendsOf" (index . 1) | fromJsonArray) }}true{{ end }}
{{- end }}

{{- /* Non-secret settings, merged into the service's ConfigMap. */ -}}
{{- define "shop.kafkaSecurityConfig" -}}
{{- $k := (index . 0).Values.config.kafka }}
{{- $data := dict }}
{{- if include "shop.usesKafka" . }}
{{- with $k.tls }}{{ if .enabled }}
{{- $_ := set $data "KAFKA_SSL" "true" }}
{{- $_ := set $data "KAFKA_SSL_REJECT_UNAUTHORIZED" (ne .rejectUnauthorized false | toString) }}
{{- if .caSecret }}{{ $_ := set $data "KAFKA_SSL_CA_FILE" "/etc/shop/kafka-tls/ca.crt" }}{{ end }}
{{- end }}{{ end }}
{{- with $k.sasl }}{{ if .enabled }}
{{- $_ := set $data "KAFKA_SASL_MECHANISM" .mechanism }}
{{- $_ := set $data "KAFKA_SASL_PASSWORD_FILE" "/etc/shop/kafka-sasl/password" }}
{{- end }}{{ end }}
{{- end }}
{{- toJson $data }}
{{- end }}

{{- /* The container's env entries: the service's own Kafka user, from the existing Secret. */ -}}
{{- define "shop.kafkaEnv" -}}
{{- $sasl := (index . 0).Values.config.kafka.sasl | default dict }}
{{- if and (include "shop.usesKafka" .) $sasl.enabled }}
env:
  - name: KAFKA_SASL_USERNAME
    valueFrom:
      secretKeyRef: { name: {{ $sasl.existingSecret }}, key: {{ printf "%s-username" (index . 1) }} }
{{- end }}
{{- end }}

{{- define "shop.kafkaVolumeMounts" -}}
{{- $k := (index . 0).Values.config.kafka }}
{{- if include "shop.usesKafka" . }}
{{- if and $k.tls $k.tls.enabled $k.tls.caSecret }}
- { name: kafka-tls, mountPath: /etc/shop/kafka-tls, readOnly: true }
{{- end }}
{{- if and $k.sasl $k.sasl.enabled }}
- { name: kafka-sasl, mountPath: /etc/shop/kafka-sasl, readOnly: true }
{{- end }}
{{- end }}
{{- end }}

{{- define "shop.kafkaVolumes" -}}
{{- $k := (index . 0).Values.config.kafka }}
{{- if include "shop.usesKafka" . }}
{{- if and $k.tls $k.tls.enabled $k.tls.caSecret }}
- name: kafka-tls
  secret:
    secretName: {{ $k.tls.caSecret }}
    items: [{ key: {{ $k.tls.caKey | default "ca.crt" }}, path: ca.crt }]
{{- end }}
{{- if and $k.sasl $k.sasl.enabled }}
- name: kafka-sasl
  secret:
    secretName: {{ $k.sasl.existingSecret }}
    items: [{ key: {{ printf "%s-password" (index . 1) }}, path: password }]
{{- end }}
{{- end }}
{{- end }}
