{{/*
Names and labels. Every object of one service carries app.kubernetes.io/component=<service>,
which is what Services, HPAs, PDBs and NetworkPolicies select on.
*/}}
{{- define "shop.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Call with (list $ "auth"). */}}
{{- define "shop.svcName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "shop.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "shop.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: shop
{{- end -}}

{{/* Selector of every pod of the release (the default-deny policy uses it). */}}
{{- define "shop.releaseSelector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector of one service's pods. Call with (list $ "auth"). */}}
{{- define "shop.selector" -}}
{{- $root := index . 0 -}}
{{ include "shop.releaseSelector" $root }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Image of one service. Call with (list $ "auth"). */}}
{{- define "shop.image" -}}
{{- $root := index . 0 -}}
{{- $img := $root.Values.image -}}
{{- $ref := printf "%s-%s:%s" $img.repository (index . 1) (default $root.Chart.AppVersion $img.tag) -}}
{{- if $img.digest -}}{{- $ref = printf "%s@%s" $ref $img.digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/*
The stores each service talks to. A fact of the code (DESIGN.md "Services and what each owns"),
not a deployment choice, so it lives here rather than in values.
*/}}
{{- define "shop.backendsOf" -}}
{{- $m := dict
  "gateway" (list "redis")
  "auth" (list "postgres" "redis" "kafka")
  "catalog" (list "mongodb" "redis" "kafka")
  "inventory" (list "cassandra" "kafka")
  "order" (list "postgres" "redis" "kafka") -}}
{{- index $m . | toJson -}}
{{- end -}}

{{/* Restricted container securityContext (Pod Security Standard "restricted"). */}}
{{- define "shop.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* URL of the auth service's key set, which every service fetches to verify tokens. */}}
{{- define "shop.jwksUrl" -}}
{{- printf "http://%s:%v/.well-known/jwks.json" (include "shop.svcName" (list . "auth")) .Values.services.auth.port -}}
{{- end -}}
